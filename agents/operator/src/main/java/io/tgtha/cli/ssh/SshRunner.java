// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.ssh;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchUnknownHostKeyException;
import com.jcraft.jsch.Session;
import io.tgtha.cli.CliException;
import io.tgtha.cli.ExitCode;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs one command on a remote node with JSch and relays its stdout, stderr and exit status.
 * Strict host key checking always: an unknown or changed key ends the run with its own exit code,
 * and nothing ever prompts (scripts and cron jobs must not hang on a question nobody sees). A node that
 * stops answering mid-command (crashed, cable pulled) is noticed by keepalives: after the endpoint's
 * timeout of silence the run ends with {@link ExitCode#SSH_CONNECTION_LOST}, never hangs.
 */
public final class SshRunner {
    /** Keepalives sent into a silent connection before it is given up: silence is tolerated for about (this + 1) intervals. */
    static final int KEEPALIVES_UNANSWERED = 2;

    public int run(SshEndpoint endpoint, String command, PrintWriter out, PrintWriter err) {
        JSch jsch = new JSch();
        Path knownHosts = endpoint.knownHosts();
        try {
            if (knownHosts == null || !Files.isReadable(knownHosts)) {
                throw new CliException(ExitCode.SSH_CONFIG, "host key of " + endpoint.host()
                        + " cannot be verified: known_hosts file " + knownHosts + " is missing or unreadable (--known-hosts)");
            }
            jsch.setKnownHosts(knownHosts.toString());
            if (endpoint.identities().isEmpty()) {
                throw new CliException(ExitCode.SSH_CONFIG, "no SSH private key: pass --identity FILE");
            }
            for (Path id : endpoint.identities()) {
                jsch.addIdentity(id.toString());
            }
        } catch (JSchException e) {
            throw new CliException(ExitCode.SSH_CONFIG, "cannot load SSH key or known_hosts: " + e.getMessage());
        }
        Session session = null;
        try {
            session = jsch.getSession(endpoint.user(), endpoint.host(), endpoint.port());
            session.setConfig("StrictHostKeyChecking", "yes");
            // like OpenSSH: ask for the host key types known_hosts holds first, or a server with several
            // keys could present one the file lacks and a known host would look unknown (JSch's default, pinned)
            session.setConfig("prefer_known_host_key_types", "yes");
            session.setConfig("PreferredAuthentications", "publickey");
            session.setUserInfo(null); // no prompts, ever
            session.connect(timeoutMillis(endpoint));
            // JSch sends a keepalive after each interval without a packet and disconnects once
            // KEEPALIVES_UNANSWERED of them went unanswered: about the endpoint's timeout in all
            session.setServerAliveInterval(Math.max(200, timeoutMillis(endpoint) / (KEEPALIVES_UNANSWERED + 1)));
            session.setServerAliveCountMax(KEEPALIVES_UNANSWERED);
            ChannelExec channel = (ChannelExec) session.openChannel("exec");
            channel.setCommand(command);
            channel.setInputStream(null);
            InputStream stdout = channel.getInputStream();
            InputStream stderr = channel.getErrStream();
            channel.connect(timeoutMillis(endpoint));
            Thread errPump = new Thread(() -> pump(stderr, err), "ssh-stderr");
            errPump.setDaemon(true);
            errPump.start();
            pump(stdout, out);
            errPump.join(timeoutMillis(endpoint));
            while (!channel.isClosed() && session.isConnected()) {
                Thread.sleep(10);
            }
            int status = channel.getExitStatus();
            // a session given up closes its channels first and only then counts as disconnected
            for (int i = 0; status < 0 && session.isConnected() && i < 100; i++) {
                Thread.sleep(10);
            }
            if (status < 0 && !session.isConnected()) {
                throw new CliException(ExitCode.SSH_CONNECTION_LOST, endpoint.host() + " stopped answering before "
                        + "the command finished (no reply to keepalives for about " + endpoint.connectTimeout().toSeconds()
                        + " s, --ssh-timeout); its outcome there is unknown");
            }
            channel.disconnect();
            // -1: the remote side sent no exit status (killed by a signal)
            return status < 0 ? ExitCode.FAILURE.code() : status;
        } catch (JSchUnknownHostKeyException e) {
            throw new CliException(ExitCode.SSH_UNKNOWN_HOST_KEY, "host key of " + endpoint.host() + " is unknown"
                    + fingerprint(jsch, session) + ": not in " + knownHosts
                    + ". Verify the key out of band, then add it (e.g. ssh-keyscan -p " + endpoint.port() + " "
                    + endpoint.host() + ", after checking its fingerprint). Refusing to connect.");
        } catch (JSchChangedHostKeyException e) {
            throw new CliException(ExitCode.SSH_CHANGED_HOST_KEY, "host key of " + endpoint.host()
                    + " has CHANGED" + fingerprint(jsch, session) + " from the one in " + knownHosts
                    + ": possible man-in-the-middle, or the node was reinstalled. Refusing to connect.");
        } catch (JSchException e) {
            throw classify(endpoint, e);
        } catch (IOException e) {
            throw new CliException(ExitCode.SSH_CONNECT_FAILED, "SSH to " + endpoint.host() + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.FAILURE, "interrupted");
        } finally {
            if (session != null) {
                session.disconnect();
            }
        }
    }

    private static CliException classify(SshEndpoint endpoint, JSchException e) {
        // JSch puts its cause's class name into its message ("java.net.ConnectException: ..."): the cause's own words
        String m = String.valueOf(e.getCause() != null && e.getCause().getMessage() != null
                ? e.getCause().getMessage() : e.getMessage());
        if (m.startsWith("Auth fail") || m.startsWith("Auth cancel")) {
            return new CliException(ExitCode.SSH_AUTH_FAILED, "key authentication as " + endpoint.user() + "@"
                    + endpoint.host() + " failed (" + m + ")");
        }
        if (m.contains("invalid privatekey") || m.contains("USERAUTH fail")) {
            return new CliException(ExitCode.SSH_CONFIG, "unusable private key: " + m);
        }
        return new CliException(ExitCode.SSH_CONNECT_FAILED, "cannot connect to " + endpoint.host() + ":"
                + endpoint.port() + ": " + m);
    }

    private static String fingerprint(JSch jsch, Session session) {
        if (session == null) {
            return "";
        }
        HostKey key = session.getHostKey();
        return key == null ? "" : " (" + key.getType() + " " + key.getFingerPrint(jsch) + ")";
    }

    private static int timeoutMillis(SshEndpoint endpoint) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, endpoint.connectTimeout().toMillis()));
    }

    private static void pump(InputStream in, PrintWriter to) {
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            char[] buf = new char[4096];
            int n;
            while ((n = r.read(buf)) > 0) {
                synchronized (to) {
                    to.write(buf, 0, n);
                    to.flush();
                }
            }
        } catch (IOException ignored) {
            // channel closed
        }
    }
}
