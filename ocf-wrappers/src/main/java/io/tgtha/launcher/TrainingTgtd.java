// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.launcher;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * A stand-in for tgtd's management socket, for the CDS training run only: it answers the three
 * {@code show} requests the agents' monitors send (target, account, system) with canned text that
 * tgtd 1.0.85 printed for one target with one LUN and one account, so the monitors take their
 * whole success path (socket I/O, the show parser, the model and check classes, their lambdas)
 * and those classes land in the archive. Every other request is refused with tgtd's
 * "this operation isn't supported": the training never changes anything, even by mistake.
 *
 * <p>It touches nothing but its own socket file: it refuses to start when anything exists at that
 * path (a real tgtd, or a leftover), and deletes the file when closed.
 */
final class TrainingTgtd implements AutoCloseable {
    static final String IQN = "iqn.2026-01.io.tgtha:cds-training";
    static final String ACCOUNT = "cdstraining";
    /** A path that exists on every node, so validate-all and the thorough LUN monitor pass too. */
    static final String LUN_PATH = "/dev/null";

    /** Request layout of {@code struct tgtadm_req} (see tgt-client's TgtadmRequest). */
    private static final int HEADER_SIZE = 120;
    private static final int LEN_OFFSET = 72;
    private static final int MAX_PAYLOAD = 8 * 1024;
    private static final int MODE_SYSTEM = 0;
    private static final int MODE_TARGET = 1;
    private static final int MODE_LLD = 4;
    private static final int MODE_ACCOUNT = 7;
    private static final int OP_SHOW = 2;
    private static final int ERR_UNSUPPORTED = 22;

    /**
     * What tgtd 1.0.85 printed (captured, then the LUN path replaced by {@link #LUN_PATH}); the SCSI
     * ID and SN are the lun agent's defaults for the resource name "cds-training".
     */
    static final String SHOW_TARGET = """
            Target 1: iqn.2026-01.io.tgtha:cds-training
                System information:
                    Driver: iscsi
                    State: ready
                I_T nexus information:
                LUN information:
                    LUN: 0
                        Type: controller
                        SCSI ID: IET     00010000
                        SCSI SN: beaf10
                        Size: 0 MB, Block size: 1
                        Online: Yes
                        Removable media: No
                        Prevent removal: No
                        Readonly: No
                        SWP: No
                        Thin-provisioning: No
                        Backing store type: null
                        Backing store path: None
                        Backing store flags:\s
                    LUN: 1
                        Type: disk
                        SCSI ID: cds-tra-759ef7e42942eacd06c651e1
                        SCSI SN: f7cedcbd
                        Size: 17 MB, Block size: 512
                        Online: Yes
                        Removable media: No
                        Prevent removal: No
                        Readonly: No
                        SWP: No
                        Thin-provisioning: No
                        Backing store type: rdwr
                        Backing store path: /dev/null
                        Backing store flags:\s
                Account information:
                    cdstraining
                ACL information:
                    192.0.2.0/24
                    iqn.2026-01.io.tgtha:cds-initiator
            """;
    /** tgtd's LLD list, asked before and after every target show (tgt-client's TargetShowReader). */
    static final String SHOW_LLD = """
            LLDs:
                iscsi: ready
                    Target 1: iqn.2026-01.io.tgtha:cds-training
                iser: error
            """;
    static final String SHOW_ACCOUNT = """
            Account list:
                cdstraining
            """;
    static final String SHOW_SYSTEM = """
            System:
                State: ready
                debug: off
            LLDs:
                iscsi: ready
                iser: error
            Backing stores:
                sheepdog
                bsg
                sg
                null
                ssc
                smc (bsoflags sync:direct)
                mmc (bsoflags sync:direct)
                rdwr (bsoflags sync:direct)
                aio
            Device types:
                disk
                cd/dvd
                osd
                controller
                changer
                tape
                passthrough
                Account information:

                cdstraining
            iSNS:
                iSNS=Off
                iSNSServerIP=
                iSNSServerPort=3205
                iSNSAccessControl=Off
            """;

    private final Path socket;
    private final ServerSocketChannel server;
    private final Thread thread;
    private volatile int requests;
    private volatile int refused;

    private TrainingTgtd(Path socket, ServerSocketChannel server) {
        this.socket = socket;
        this.server = server;
        this.thread = new Thread(this::serve, "cds-training-tgtd");
        this.thread.setDaemon(true);
    }

    /**
     * Listens on {@code socket}.
     *
     * @throws IOException when anything exists at that path (never replaced) or binding fails
     */
    static TrainingTgtd listen(Path socket) throws IOException {
        if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(socket + " exists: refusing to replace it");
        }
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            // bind fails (EADDRINUSE) rather than replace a file that appeared meanwhile
            server.bind(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            server.close();
            throw e;
        }
        TrainingTgtd tgtd = new TrainingTgtd(socket, server);
        tgtd.thread.start();
        return tgtd;
    }

    int requests() {
        return requests;
    }

    /** Requests answered with an error: anything but the three shows means a monitor tried to change something. */
    int refused() {
        return refused;
    }

    private void serve() {
        while (server.isOpen()) {
            try (SocketChannel ch = server.accept()) {
                answer(ch);
            } catch (IOException e) {
                // closed (end of training) or a client gave up: next connection, or the loop ends
            }
        }
    }

    /** One request per connection, as tgtd does: header + payload in, {u32 err; u32 len} + text out. */
    private void answer(SocketChannel ch) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.nativeOrder());
        readFully(ch, header);
        int mode = header.getInt(0);
        int op = header.getInt(4);
        int len = header.getInt(LEN_OFFSET);
        if (len < HEADER_SIZE || len > HEADER_SIZE + MAX_PAYLOAD) {
            return; // garbage: hang up, as tgtd does
        }
        readFully(ch, ByteBuffer.allocate(len - HEADER_SIZE));
        String text = null;
        if (op == OP_SHOW) {
            text = switch (mode) {
                case MODE_TARGET -> header.getInt(76) == -1 ? SHOW_TARGET : null; // all targets only
                case MODE_LLD -> SHOW_LLD;
                case MODE_ACCOUNT -> SHOW_ACCOUNT;
                case MODE_SYSTEM -> SHOW_SYSTEM;
                default -> null;
            };
        }
        requests++;
        byte[] body = text == null ? new byte[0] : (text + "\0").getBytes(StandardCharsets.UTF_8);
        ByteBuffer response = ByteBuffer.allocate(8 + body.length).order(ByteOrder.nativeOrder());
        if (text == null) {
            refused++;
        }
        response.putInt(text == null ? ERR_UNSUPPORTED : 0).putInt(8 + body.length).put(body).flip();
        while (response.hasRemaining()) {
            ch.write(response);
        }
    }

    private static void readFully(SocketChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) {
                throw new IOException("client closed the connection");
            }
        }
    }

    /** Stops listening and removes the socket file. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing a listening socket does not fail in a way that matters here
        }
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException ignored) {
            // the caller reports a socket file it cannot remove
        }
    }
}
