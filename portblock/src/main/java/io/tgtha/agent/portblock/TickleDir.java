// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.portblock;

import io.tgtha.packetfilter.IpPrefix;
import io.tgtha.packetfilter.TcpConnection;

import io.tgtha.ocf.exec.Command;
import io.tgtha.ocf.exec.CommandException;
import io.tgtha.ocf.exec.CommandRunner;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The tickle_dir feature of the stock agent: while the unblock instance runs, its monitor records
 * the established connections of each address in {@code tickle_dir/ADDRESS} (the stock file name and
 * "local:port TAB peer:port" format, so both agents can share a directory); when an unblock instance
 * starts on the node that took over, {@code tickle_tcp} sends each recorded peer a few ACKs with a
 * sequence number it does not expect. The peer answers, our kernel knows no such connection and
 * resets it, and the initiator reconnects at once instead of after its own timeouts.
 */
public final class TickleDir {
    private static final List<String> TICKLE_TCP_LOCATIONS = List.of(
            "/usr/libexec/heartbeat/tickle_tcp", "/usr/lib/heartbeat/tickle_tcp",
            "/usr/lib64/heartbeat/tickle_tcp", "/usr/lib/ocf/lib/heartbeat/tickle_tcp");

    /** A recorded list is a few lines per initiator; more than this is not one of ours. */
    static final int MAX_BYTES = 1 << 20;

    private final Path dir;

    public TickleDir(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** {@code tickle_dir/10.0.0.1} for a host address (as the stock agent), {@code fd00::_64} style for a network. */
    public Path stateFile(IpPrefix ip) {
        return dir.resolve(ip.shortText().replace('/', '_'));
    }

    /**
     * Writes the connections of one address. The directory may be shared (it is meant to be), so the
     * list is written to a new file of an unpredictable name created exclusively (O_CREAT|O_EXCL: never
     * through a link someone planted), fsynced, then renamed over the old one: a node that takes over
     * never reads a half-written list. With a sync script, the script is then started in the background
     * with the file name as its argument (e.g. csync2 -xv), as the stock agent does.
     */
    public void save(IpPrefix ip, List<TcpConnection> connections, Optional<String> syncScript,
                     Consumer<String> log) throws IOException {
        checkDirectory();
        StringBuilder text = new StringBuilder();
        for (TcpConnection c : connections) {
            text.append(c.local()).append('\t').append(c.peer()).append('\n');
        }
        Path target = stateFile(ip);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".new");
        try {
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                out.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        if (syncScript.isPresent()) {
            startSyncScript(syncScript.get(), target, log);
        }
    }

    private static void startSyncScript(String script, Path file, Consumer<String> log) {
        try {
            // sh -c with the file as $1: the script may be a command with arguments ("csync2 -xv"); it runs
            // in the background and outlives the operation, so it is started, not run to an end here
            new ProcessBuilder("sh", "-c", script + " \"$1\"", "sync_script", file.toString())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            log.accept("cannot start sync_script: " + e.getMessage());
        }
    }

    /** The recorded connections of one address, as valid "local:port TAB peer:port" lines; garbage is skipped. */
    public Optional<String> recorded(IpPrefix ip) throws IOException {
        return recorded(ip, line -> { });
    }

    /**
     * The recorded connections of one address. The file is read without following a link and only up to
     * {@link #MAX_BYTES}; each line must be two endpoints of real addresses and ports, the local one of
     * {@code ip}: anything else (whoever else can write the shared directory) is skipped and reported
     * to {@code skipped}, never handed to tickle_tcp.
     */
    public Optional<String> recorded(IpPrefix ip, Consumer<String> skipped) throws IOException {
        checkDirectory();
        Path f = stateFile(ip);
        byte[] bytes;
        try (FileChannel in = FileChannel.open(f, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(f + " is not a regular file");
            }
            ByteBuffer buffer = ByteBuffer.allocate(MAX_BYTES + 1);
            while (buffer.hasRemaining() && in.read(buffer) > 0) {
                // read up to the bound
            }
            bytes = java.util.Arrays.copyOf(buffer.array(), buffer.position());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (FileSystemException e) {
            if (Files.isSymbolicLink(f)) {
                throw new IOException(f + " is a symbolic link: not read", e);
            }
            throw e;
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (bytes.length > MAX_BYTES) {
            skipped.accept(f + " is larger than " + MAX_BYTES + " bytes: only its first lines are used");
            text = text.substring(0, Math.max(0, text.lastIndexOf('\n', MAX_BYTES - 1) + 1));
        }
        StringBuilder valid = new StringBuilder();
        int bad = 0;
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (isConnectionLine(line, ip)) {
                valid.append(line).append('\n');
            } else {
                bad++;
            }
        }
        if (bad > 0) {
            skipped.accept(f + ": " + bad + " line(s) that are not \"local:port<TAB>peer:port\" of "
                    + ip.shortText() + " skipped");
        }
        return valid.length() == 0 ? Optional.empty() : Optional.of(valid.toString());
    }

    /** "local:port TAB peer:port", IPv6 in brackets, both host literals, the local one within {@code ip}. */
    static boolean isConnectionLine(String line, IpPrefix ip) {
        int tab = line.indexOf('\t');
        if (tab < 0 || line.indexOf('\t', tab + 1) >= 0) {
            return false;
        }
        IpPrefix local = endpointAddress(line.substring(0, tab));
        IpPrefix peer = endpointAddress(line.substring(tab + 1));
        if (local == null || peer == null || local.family() != ip.family()) {
            return false;
        }
        try {
            return ip.contains(InetAddress.getByName(local.addressText())); // a literal: no lookup
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static IpPrefix endpointAddress(String endpoint) {
        int colon = endpoint.lastIndexOf(':');
        if (colon <= 0 || !isPort(endpoint.substring(colon + 1))) {
            return null;
        }
        String host = endpoint.substring(0, colon);
        boolean bracketed = host.startsWith("[") && host.endsWith("]");
        if (host.indexOf(':') >= 0 && !bracketed || host.indexOf('/') >= 0) {
            return null; // IPv6 without brackets is ambiguous with the port, and a network is no endpoint
        }
        try {
            return IpPrefix.parse(host);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean isPort(String text) {
        if (text.isEmpty() || text.length() > 5) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        int port = Integer.parseInt(text);
        return port >= 1 && port <= 65535;
    }

    /**
     * The directory is shared, so it is trusted only as FileMutex trusts its lock directory: it must be
     * a directory (not a link to one), belong to us, and be writable by us alone. Otherwise anyone who
     * can write it chooses what root sends tickles to.
     */
    void checkDirectory() throws IOException {
        String me = System.getProperty("user.name");
        PosixFileAttributes d = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!d.isDirectory() || !d.owner().getName().equals(me) || d.permissions().contains(PosixFilePermission.GROUP_WRITE)
                || d.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IOException("unsafe tickle_dir " + dir + ": it must be a directory (not a symbolic link) "
                    + "that belongs to " + me + " and is writable by it alone");
        }
    }

    /** $HA_BIN/tickle_tcp as the stock agent uses, else the places distributions install it. */
    public static Optional<Path> findTickleTcp(Optional<String> haBin, Function<String, Optional<Path>> tools) {
        return Stream.concat(haBin.filter(bin -> bin.startsWith("/")).map(bin -> bin + "/tickle_tcp").stream(),
                        TICKLE_TCP_LOCATIONS.stream())
                .map(tools).flatMap(Optional::stream).findFirst();
    }

    /** Sends each recorded connection's peer three tickle ACKs. @return the number of connections tickled */
    public int tickle(IpPrefix ip, Path tickleTcp, CommandRunner runner, Duration timeout, Consumer<String> skipped)
            throws IOException, CommandException {
        Optional<String> text = recorded(ip, skipped);
        if (text.isEmpty()) {
            return 0;
        }
        runner.run(Command.of(timeout, tickleTcp.toString(), "-n", "3")
                .withStdin(text.get().getBytes(StandardCharsets.UTF_8)));
        return (int) text.get().lines().filter(line -> !line.isBlank()).count();
    }
}
