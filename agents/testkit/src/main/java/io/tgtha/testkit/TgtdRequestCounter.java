// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.testkit;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A counting relay in front of a real tgtd's management socket: clients connect to {@link #socket()} instead
 * of tgtd's, each request is passed on unchanged and its answer passed back, and every exchange is recorded
 * (mode, op, response bytes, time tgtd took). It measures what an agent asks of tgtd without touching the
 * agent: aim its tgt client at {@link #socket()}.
 *
 * <p>tgtd's protocol is one request per connection: a 120-byte {@code struct tgtadm_req} whose {@code len} at
 * offset 72 counts header and payload, answered by {@code {u32 err; u32 len}} and {@code len - 8} bytes of
 * text. The relay runs as the same user as tgtd, so tgtd's {@code SO_PEERCRED} check passes.
 */
public final class TgtdRequestCounter implements AutoCloseable {
    private static final int REQUEST_HEADER = 120;
    private static final int LEN_OFFSET = 72;
    private static final int RESPONSE_HEADER = 8;
    private static final String[] MODES = {"system", "target", "logicalunit", "portal", "lld", "session", "conn",
        "account"};
    private static final String[] OPS = {"new", "delete", "show", "bind", "unbind", "update", "stats", "start",
        "stop"};

    /** One relayed request: {@code show target} etc., the answer's text length, and tgtd's time for it. */
    public record Exchange(String mode, String op, int tid, long responseBytes, long tgtdNanos) {
        public String what() {
            return op + " " + mode;
        }
    }

    private final Path socket;
    private final Path tgtdSocket;
    private final ServerSocketChannel server;
    private final ExecutorService relays = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "tgtd-relay");
        t.setDaemon(true);
        return t;
    });
    private final List<Exchange> exchanges = new ArrayList<>();

    private TgtdRequestCounter(Path socket, Path tgtdSocket, ServerSocketChannel server) {
        this.socket = socket;
        this.tgtdSocket = tgtdSocket;
        this.server = server;
    }

    /** Listens on {@code socket} (created, deleted on close) and relays to {@code tgtdSocket}. */
    public static TgtdRequestCounter relay(Path socket, Path tgtdSocket) {
        try {
            Files.deleteIfExists(socket);
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket), 256);
            TgtdRequestCounter counter = new TgtdRequestCounter(socket, tgtdSocket, server);
            Thread acceptor = new Thread(counter::acceptLoop, "tgtd-relay-accept");
            acceptor.setDaemon(true);
            acceptor.start();
            return counter;
        } catch (IOException e) {
            throw new LabException("cannot listen on " + socket, e);
        }
    }

    /** The default socket of {@code tgtd --control-port N}. */
    public static Path tgtdSocket(int controlPort) {
        return Path.of("/var/run/tgtd/socket." + controlPort);
    }

    public Path socket() {
        return socket;
    }

    /** Everything relayed since the last call, oldest first; the record starts empty again. */
    public synchronized List<Exchange> drain() {
        List<Exchange> copy = List.copyOf(exchanges);
        exchanges.clear();
        return copy;
    }

    private synchronized void record(Exchange e) {
        exchanges.add(e);
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                relays.execute(() -> relayOne(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void relayOne(SocketChannel client) {
        try (client; SocketChannel tgtd = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ByteBuffer header = ByteBuffer.allocate(REQUEST_HEADER).order(ByteOrder.nativeOrder());
            if (!readFully(client, header)) {
                return;
            }
            int len = header.getInt(LEN_OFFSET);
            if (len < REQUEST_HEADER || len > REQUEST_HEADER + 64 * 1024) {
                return; // not a tgtadm request: the client sees the connection closed
            }
            ByteBuffer payload = ByteBuffer.allocate(len - REQUEST_HEADER);
            if (!readFully(client, payload)) {
                return;
            }
            long t0 = System.nanoTime();
            tgtd.connect(UnixDomainSocketAddress.of(tgtdSocket));
            writeFully(tgtd, header.flip());
            writeFully(tgtd, payload.flip());
            ByteBuffer answerHeader = ByteBuffer.allocate(RESPONSE_HEADER).order(ByteOrder.nativeOrder());
            if (!readFully(tgtd, answerHeader)) {
                return;
            }
            long answerLen = Integer.toUnsignedLong(answerHeader.getInt(4));
            ByteBuffer body = ByteBuffer.allocate((int) Math.max(0, Math.min(answerLen, 64L << 20) - RESPONSE_HEADER));
            if (!readFully(tgtd, body)) {
                return;
            }
            long tgtdNanos = System.nanoTime() - t0;
            record(new Exchange(name(MODES, header.getInt(0)), name(OPS, header.getInt(4)), header.getInt(76),
                    body.capacity(), tgtdNanos));
            writeFully(client, answerHeader.flip());
            writeFully(client, body.flip());
        } catch (IOException e) {
            // tgtd gone or the client gave up: the client sees the connection closed, as it would from tgtd
        }
    }

    private static String name(String[] names, int value) {
        return value >= 0 && value < names.length ? names[value] : Integer.toString(value);
    }

    private static boolean readFully(SocketChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                return false;
            }
        }
        return true;
    }

    private static void writeFully(SocketChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        relays.shutdownNow();
        try {
            Files.deleteIfExists(socket);
        } catch (IOException ignored) {
            // a temp socket
        }
    }
}
