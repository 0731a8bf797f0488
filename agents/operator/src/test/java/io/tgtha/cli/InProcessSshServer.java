// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import io.tgtha.cli.ssh.RemoteCommandLine;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;

/**
 * A real SSH server (Apache MINA sshd) on 127.0.0.1 whose exec channel runs {@code tgtha ...} in this
 * JVM against the real system: the SSH hop (key exchange, host key check, public-key auth, exit
 * status relay) is real; only the remote process is a thread.
 */
final class InProcessSshServer implements AutoCloseable {
    private final SshServer sshd;
    /** Counted down when a "hang" command has started and written its first line. */
    final java.util.concurrent.CountDownLatch hanging = new java.util.concurrent.CountDownLatch(1);

    InProcessSshServer(Path dir, String acceptedPublicKeyLine) throws IOException {
        this(generated(dir), acceptedPublicKeyLine);
    }

    private static KeyPairProvider generated(Path dir) {
        SimpleGeneratorHostKeyProvider hostKeys = new SimpleGeneratorHostKeyProvider(dir.resolve("host-key"));
        hostKeys.setAlgorithm("EC");
        hostKeys.setKeySize(256);
        return hostKeys;
    }

    /** A server with exactly these host keys (e.g. ECDSA and RSA, as a stock OpenSSH server has). */
    InProcessSshServer(KeyPairProvider hostKeys, String acceptedPublicKeyLine) throws IOException {
        sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        sshd.setKeyPairProvider(hostKeys);
        String acceptedBlob = acceptedPublicKeyLine.trim().split("\\s+")[1];
        sshd.setPublickeyAuthenticator((user, key, session) ->
                "root".equals(user) && PublicKeyEntry.toString(key).split("\\s+")[1].equals(acceptedBlob));
        sshd.setPasswordAuthenticator(null);
        sshd.setKeyboardInteractiveAuthenticator(null);
        sshd.setCommandFactory((channel, command) -> new TgthaCommand(command, hanging));
        sshd.start();
    }

    int port() {
        return sshd.getPort();
    }

    /** known_hosts line for this server, as OpenSSH writes it for a non-standard port. */
    String knownHostsLine() throws Exception {
        KeyPairProvider provider = sshd.getKeyPairProvider();
        KeyPair kp = provider.loadKeys(null).iterator().next();
        return knownHostsLine(kp);
    }

    String knownHostsLine(KeyPair hostKey) {
        return "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(hostKey.getPublic()) + "\n";
    }

    @Override
    public void close() throws IOException {
        sshd.stop(true);
    }

    private static final class TgthaCommand implements Command {
        private final String line;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;
        private final java.util.concurrent.CountDownLatch hanging;
        private Thread thread;

        TgthaCommand(String line, java.util.concurrent.CountDownLatch hanging) {
            this.line = line;
            this.hanging = hanging;
        }

        @Override
        public void setInputStream(InputStream in) {
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }

        @Override
        public void start(ChannelSession channel, Environment env) {
            Thread t = new Thread(() -> {
                PrintWriter o = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
                PrintWriter e = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
                int code;
                List<String> words = RemoteCommandLine.split(line);
                if (!words.isEmpty() && words.get(0).equals("hang")) {
                    // a remote command that never ends by itself: for tests of a node that stops answering
                    o.println("started");
                    o.flush();
                    hanging.countDown();
                    try {
                        Thread.sleep(Long.MAX_VALUE);
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
                if (words.isEmpty() || !words.get(0).equals("tgtha")) {
                    e.println("sh: " + line + ": command not found");
                    code = 127;
                } else {
                    CliContext ctx = CliContext.of(o, e, false, new PrintStream(err, true, StandardCharsets.UTF_8));
                    code = TgtHa.execute(words.subList(1, words.size()).toArray(String[]::new), ctx);
                }
                o.flush();
                e.flush();
                exit.onExit(code);
            }, "tgtha-remote");
            thread = t;
            t.start();
        }

        @Override
        public void destroy(ChannelSession channel) {
            if (thread != null) {
                thread.interrupt();
            }
        }
    }
}
