// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A scripted stand-in for tgtd's management socket: records requests, answers (or misbehaves) as told. */
final class FakeTgtd implements AutoCloseable {
    enum Behaviour { ANSWER_OK, ANSWER_ERROR, NEVER_ANSWER, CLOSE_AFTER_REQUEST, HALF_HEADER_THEN_CLOSE, HUGE_LENGTH }

    final Path path;
    final List<byte[]> requests = new CopyOnWriteArrayList<>();
    private final ServerSocketChannel server;
    private final Thread thread;
    private final List<SocketChannel> held = new CopyOnWriteArrayList<>();
    volatile Behaviour behaviour = Behaviour.ANSWER_OK;
    volatile int errorCode;
    volatile String answerText = "";
    /** Scripted answers {err, text} used in order before falling back to {@link #behaviour}. */
    final java.util.concurrent.ConcurrentLinkedDeque<Object[]> script = new java.util.concurrent.ConcurrentLinkedDeque<>();

    FakeTgtd(Path path) throws IOException {
        this.path = path;
        Files.deleteIfExists(path);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        thread = new Thread(this::serve, "fake-tgtd");
        thread.setDaemon(true);
        thread.start();
    }

    private void serve() {
        while (server.isOpen()) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            try {
                handle(ch);
            } catch (IOException e) {
                // that client went away (e.g. a liveness probe): serve the next one
            }
        }
    }

    private void handle(SocketChannel ch) throws IOException {
        if (behaviour == Behaviour.NEVER_ANSWER) {
            held.add(ch); // keep it open, say nothing
            return;
        }
        try (ch) {
            ByteBuffer header = ByteBuffer.allocate(TgtadmRequest.HEADER_SIZE).order(ByteOrder.nativeOrder());
            readFully(ch, header);
            int len = header.getInt(72);
            ByteBuffer body = ByteBuffer.allocate(len - TgtadmRequest.HEADER_SIZE);
            readFully(ch, body);
            byte[] all = new byte[len];
            System.arraycopy(header.array(), 0, all, 0, TgtadmRequest.HEADER_SIZE);
            System.arraycopy(body.array(), 0, all, TgtadmRequest.HEADER_SIZE, body.capacity());
            requests.add(all);
            if (isTargetList(all)) {
                // tgtd's LLD list: the targets of the show it brackets (DefaultTgtClient.showTargets)
                ch.write(rsp(0, (targetList() + "\0").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                return;
            }
            Object[] scripted = script.poll();
            if (scripted != null) {
                String t = (String) scripted[1];
                if (t.startsWith("Target ")) {
                    lastShow = t;
                }
                ch.write(rsp((Integer) scripted[0],
                        t.isEmpty() ? new byte[0] : (t + "\0").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                return;
            }
            switch (behaviour) {
                case CLOSE_AFTER_REQUEST -> { }
                case HALF_HEADER_THEN_CLOSE -> ch.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 0}));
                case ANSWER_ERROR -> ch.write(rsp(errorCode, new byte[0]));
                case HUGE_LENGTH -> ch.write(ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putInt(0)
                        .putInt(0x7ffffff0).flip());
                default -> {
                    byte[] text = answerText.isEmpty() ? new byte[0]
                            : (answerText + "\0").getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    ch.write(rsp(0, text));
                }
            }
        }
    }

    /** The show most recently answered, whose LLD list the "after" request of showTargets must repeat. */
    private volatile String lastShow;

    private static boolean isTargetList(byte[] request) {
        ByteBuffer b = ByteBuffer.wrap(request).order(ByteOrder.nativeOrder());
        return b.getInt(0) == TgtadmRequest.Mode.LLD.value && b.getInt(4) == TgtadmRequest.Op.SHOW.value;
    }

    /** "LLDs:" and a "Target N: NAME" line for each heading of the show just answered, or about to be. */
    private String targetList() {
        String show = lastShow;
        lastShow = null;
        if (show == null) {
            for (Object[] next : script) {
                if (((String) next[1]).startsWith("Target ")) {
                    show = (String) next[1];
                    break;
                }
            }
        }
        if (show == null) {
            show = answerText;
        }
        StringBuilder b = new StringBuilder("LLDs:\n    iscsi: ready\n");
        for (String line : show.split("\n")) {
            if (line.startsWith("Target ")) {
                b.append("        ").append(line.strip()).append('\n');
            }
        }
        return b.toString();
    }

    private static ByteBuffer rsp(int err, byte[] text) {
        ByteBuffer b = ByteBuffer.allocate(8 + text.length).order(ByteOrder.nativeOrder());
        b.putInt(err).putInt(8 + text.length).put(text).flip();
        return b;
    }

    private static void readFully(SocketChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new IOException("client closed early");
            }
        }
    }

    /** "OP MODE payload" of a recorded request, e.g. "4 7 user=c" (UNBIND ACCOUNT). */
    static String describe(byte[] request) {
        ByteBuffer b = ByteBuffer.wrap(request).order(ByteOrder.nativeOrder());
        String payload = request.length > TgtadmRequest.HEADER_SIZE
                ? new String(request, TgtadmRequest.HEADER_SIZE, request.length - TgtadmRequest.HEADER_SIZE - 1,
                java.nio.charset.StandardCharsets.UTF_8) : "";
        return b.getInt(4) + " " + b.getInt(0) + (payload.isEmpty() ? "" : " " + payload);
    }

    TgtClient client(java.time.Duration timeout) {
        return TgtClient.builder().socketPath(path).timeout(timeout).tgtdVersion(new TgtVersion(1, 0, 85))
                .accountLockFile(path.resolveSibling(path.getFileName() + ".slots.lock")).build();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (SocketChannel ch : held) {
            ch.close();
        }
        Files.deleteIfExists(path);
    }
}
