// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The syslog path an agent takes when Pacemaker sets {@code HA_LOGFACILITY}: ocf_log's way is the real util-linux
 * {@code logger}. A wrapper named logger, first on {@link #path()}, records each command line in {@link #argv()} and
 * runs the real one against a Unix socket read here (the machine's own syslog is not touched); {@link #messages()}
 * holds what arrived, one string per connection.
 */
public final class SyslogStandIn implements AutoCloseable {
    private final ServerSocketChannel server;
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final Path argv;
    private final Path bin;

    private SyslogStandIn(Path dir) throws IOException {
        Path socket = dir.resolve("log.sock");
        argv = dir.resolve("logger-argv");
        bin = Files.createDirectories(dir.resolve("bin"));
        Path wrapper = bin.resolve("logger");
        Files.writeString(wrapper, "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '" + argv + "'\nexec "
                + realLogger() + " -u '" + socket + "' --socket-errors=on \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread reader = new Thread(this::read, "syslog-stand-in");
        reader.setDaemon(true);
        reader.start();
    }

    /** Listens below {@code dir} (log.sock, bin/logger, logger-argv). */
    public static SyslogStandIn start(Path dir) {
        try {
            return new SyslogStandIn(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void read() {
        while (server.isOpen()) {
            try (SocketChannel c = server.accept()) {
                ByteBuffer b = ByteBuffer.allocate(64 * 1024);
                while (c.read(b) >= 0 && b.hasRemaining()) {
                    // to the end of what logger sends
                }
                b.flip();
                messages.add(StandardCharsets.UTF_8.decode(b).toString());
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** PATH for the agent: the wrapper's directory first. */
    public String path() {
        return bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    }

    public List<String> messages() {
        return List.copyOf(messages);
    }

    /** logger's command lines so far, one per call. */
    public List<String> argv() {
        try {
            return Files.exists(argv) ? Files.readAllLines(argv) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until a message containing {@code text} arrived: logger has ended before the agent did, but this side may
     * still be adding what it read. The bound only tells a lost message from a slow one.
     */
    public boolean await(String text, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (messages.stream().noneMatch(m -> m.contains(text))) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    static String realLogger() {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(d, "logger");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new AssertionError("logger not found");
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
