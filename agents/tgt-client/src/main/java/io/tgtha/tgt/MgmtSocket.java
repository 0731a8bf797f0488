// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One request/response exchange on tgtd's AF_UNIX management socket, non-blocking with a single
 * deadline for connect + write + read: tgtd is single-threaded, so a stuck daemon must never hang
 * an agent.
 */
final class MgmtSocket {
    /**
     * Far more than any real show output (64 targets with 4 LUNs and 256 sessions is ~0.5 MiB), small
     * enough for the agents' heap: a garbage length is a protocol error, not an OutOfMemoryError.
     */
    static final int MAX_RESPONSE = 4 * 1024 * 1024;

    private MgmtSocket() {
    }

    static TgtadmResponse exchange(Path socket, ByteBuffer request, Duration timeout, String operation) {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!Files.exists(socket)) {
            throw new TgtNotRunningException(operation, socket.toString(), null);
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
             Selector selector = Selector.open()) {
            ch.configureBlocking(false);
            boolean connected;
            try {
                connected = ch.connect(UnixDomainSocketAddress.of(socket));
            } catch (ConnectException e) {
                throw new TgtNotRunningException(operation, socket.toString(), e);
            } catch (SocketException e) {
                if (isNotRunning(e)) {
                    throw new TgtNotRunningException(operation, socket.toString(), e);
                }
                throw new TgtProtocolException(operation, "cannot connect to " + socket + ": " + e.getMessage(), e);
            }
            SelectionKey key = ch.register(selector, connected ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT);
            if (!connected) {
                await(selector, deadline, timeout, operation);
                try {
                    ch.finishConnect();
                } catch (ConnectException e) {
                    throw new TgtNotRunningException(operation, socket.toString(), e);
                }
                key.interestOps(SelectionKey.OP_WRITE);
            }
            while (request.hasRemaining()) {
                if (ch.write(request) == 0) {
                    await(selector, deadline, timeout, operation);
                }
            }
            key.interestOps(SelectionKey.OP_READ);
            ByteBuffer header = ByteBuffer.allocate(TgtadmResponse.HEADER_SIZE).order(ByteOrder.nativeOrder());
            readFully(ch, selector, header, deadline, timeout, operation, socket);
            header.flip();
            int err = header.getInt();
            long len = Integer.toUnsignedLong(header.getInt());
            if (len < TgtadmResponse.HEADER_SIZE || len > MAX_RESPONSE) {
                throw new TgtProtocolException(operation, "implausible response length " + len, null);
            }
            if (err != 0 || len == TgtadmResponse.HEADER_SIZE) {
                return new TgtadmResponse(err, "");
            }
            ByteBuffer body = ByteBuffer.allocate((int) (len - TgtadmResponse.HEADER_SIZE));
            readFully(ch, selector, body, deadline, timeout, operation, socket);
            int end = body.limit();
            byte[] bytes = body.array();
            while (end > 0 && bytes[end - 1] == 0) {
                end--;
            }
            return new TgtadmResponse(0, new String(bytes, 0, end, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            if (isConnectionLoss(e)) {
                throw lost(operation, socket, e);
            }
            throw new TgtProtocolException(operation, "I/O error on " + socket + ": " + e.getMessage(), e);
        }
    }

    private static void readFully(SocketChannel ch, Selector selector, ByteBuffer buf, long deadline,
                                  Duration timeout, String operation, Path socket) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf);
            if (n < 0) {
                throw lost(operation, socket, null);
            }
            if (n == 0) {
                await(selector, deadline, timeout, operation);
            }
        }
    }

    private static void await(Selector selector, long deadline, Duration timeout, String operation)
            throws IOException {
        long remainingMs = (deadline - System.nanoTime()) / 1_000_000;
        if (remainingMs <= 0) {
            throw new TgtTimeoutException(operation, timeout);
        }
        selector.selectedKeys().clear();
        if (selector.select(remainingMs) == 0 && System.nanoTime() >= deadline) {
            throw new TgtTimeoutException(operation, timeout);
        }
    }

    private static TgtConnectionLostException lost(String operation, Path socket, Throwable cause) {
        return new TgtConnectionLostException(operation, isListening(socket), cause);
    }

    /**
     * Tells a crashed tgtd from a live one that dropped us. A dying process closes its descriptors one by
     * one, so our connection can see EOF while the listening socket still accepts for a moment: probe a
     * few times over ~200 ms (only on this error path) and call it alive only if every probe connects.
     */
    static boolean isListening(Path socket) {
        for (long pause : new long[] {0, 20, 40, 60, 80}) {
            if (pause > 0) {
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            if (!connects(socket)) {
                return false;
            }
        }
        return true;
    }

    private static boolean connects(Path socket) {
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return probe.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isNotRunning(SocketException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("No such file") || m.contains("refused");
    }

    private static boolean isConnectionLoss(IOException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("reset") || m.contains("Broken pipe");
    }
}
