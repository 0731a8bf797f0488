// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;
import io.tgtha.testkit.Lab;
import io.tgtha.testkit.LabConfig;
import io.tgtha.testkit.TgtLab;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** --host against a real SSH server: key auth, strict host key checking, exit status passed through. */
@SuppressWarnings("unchecked")
class RemoteHostTest {
    @TempDir
    Path dir;
    Path key;
    Path otherKey;
    Path knownHosts;
    InProcessSshServer server;

    static String writeKey(Path file) throws Exception {
        KeyPair kp = KeyPair.genKeyPair(new JSch(), KeyPair.ECDSA, 256);
        kp.writePrivateKey(file.toString());
        ByteArrayOutputStream pub = new ByteArrayOutputStream();
        kp.writePublicKey(pub, "tgtha-test");
        return pub.toString(StandardCharsets.UTF_8);
    }

    @BeforeEach
    void start() throws Exception {
        key = dir.resolve("id_ecdsa");
        otherKey = dir.resolve("id_other");
        String pub = writeKey(key);
        Files.writeString(dir.resolve("id_ecdsa.pub.line"), pub);
        writeKey(otherKey);
        server = new InProcessSshServer(dir, pub);
        knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, server.knownHostsLine());
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    /** args[0] is the subcommand: the SSH options belong to it, like every option. */
    Run remote(Path identity, Path known, String... args) {
        List<String> all = new ArrayList<>(List.of(args[0], "--host", "127.0.0.1", "--ssh-port", Integer.toString(server.port()),
                "--identity", identity.toString(), "--known-hosts", known.toString(), "--ssh-timeout", "5s"));
        all.addAll(List.of(args).subList(1, args.length));
        return Run.tgtha(dir, all.toArray(String[]::new));
    }

    @Test
    void remoteStatusWorksWithAKeyAgainstARealTgtd() throws Exception {
        Lab.requireRoot("tgtd", "tgtadm", "ss");
        try (TgtLab lab = TgtLab.start(LabConfig.of("op", "10.231.4", 4001, 4099))) {
            lab.tgtd().tgtadm("--lld", "iscsi", "--op", "new", "--mode", "target", "--tid", "3",
                    "-T", "iqn.2026-01.io.tgtha:op.remote").orThrow();
            Run run = remote(key, knownHosts, "status", "--json", "--no-cluster", "--sample", "0",
                    "-C", Integer.toString(lab.tgtd().controlPort()), "--netns", lab.targetNs().name());
            assertThat(run.exitCode()).as(run.describe()).isZero();
            Map<String, Object> t = (Map<String, Object>) ((List<Object>) run.json().get("targets")).get(0);
            assertThat(t).containsEntry("iqn", "iqn.2026-01.io.tgtha:op.remote").containsEntry("tid", 3L);
        }
    }

    @Test
    void theRemoteExitCodeAndErrorComeBack() {
        Run run = remote(key, knownHosts, "status", "--no-cluster", "-C", "4097");
        assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCode.TGTD_UNAVAILABLE.code());
        assertThat(run.err()).contains("tgtd is not running on control port 4097");
    }

    @Test
    void theHostMayComeBeforeTheSubcommand() {
        // tgtha --host NODE status ...: the SSH options are moved behind the subcommand and stripped from
        // the command line the remote node runs, which then answers for its own (absent) tgtd
        Run run = Run.tgtha(dir, "--host", "127.0.0.1", "--ssh-port", Integer.toString(server.port()),
                "--identity", key.toString(), "--known-hosts", knownHosts.toString(), "--ssh-timeout", "5s",
                "status", "--no-cluster", "-C", "4097");
        assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCode.TGTD_UNAVAILABLE.code());
        assertThat(run.err()).contains("tgtd is not running on control port 4097");
    }

    @Test
    void anUnknownHostKeyIsRefusedWithItsExitCode() throws Exception {
        Path empty = Files.writeString(dir.resolve("known_hosts_empty"), "");
        Run run = remote(key, empty, "status");
        assertThat(run.exitCode()).isEqualTo(ExitCode.SSH_UNKNOWN_HOST_KEY.code()).isEqualTo(20);
        assertThat(run.err()).contains("host key of 127.0.0.1 is unknown").contains("Refusing to connect")
                .contains("ecdsa-sha2-nistp256");
    }

    /** The help said 24 ("no usable identity or known_hosts file") where a missing known_hosts gave 20. */
    @Test
    void aMissingKnownHostsFileIsAConfigurationErrorAsTheHelpSays() {
        Run missing = remote(key, dir.resolve("no-such-file"), "status", "--json");
        assertThat(missing.exitCode()).as(missing.describe()).isEqualTo(ExitCode.SSH_CONFIG.code()).isEqualTo(24);
        assertThat(missing.err()).contains("known_hosts file " + dir.resolve("no-such-file") + " is missing");
        assertThat(missing.json()).containsEntry("result", "error").containsEntry("exitCode", 24L);
    }

    @Test
    void aChangedHostKeyIsRefusedWithItsExitCode() throws Exception {
        // known_hosts holds another key of the same type for this host:port
        try (InProcessSshServer impostor = new InProcessSshServer(Files.createDirectory(dir.resolve("other")),
                Files.readString(knownHosts).split(" ", 2)[1])) {
            String otherLine = impostor.knownHostsLine().replace("]:" + impostor.port() + " ", "]:" + server.port() + " ");
            Path changed = Files.writeString(dir.resolve("known_hosts_changed"), otherLine);
            Run run = remote(key, changed, "status");
            assertThat(run.exitCode()).as(run.describe() + otherLine + Files.readString(knownHosts)).isEqualTo(ExitCode.SSH_CHANGED_HOST_KEY.code());
            assertThat(run.err()).contains("has CHANGED");
        }
    }

    @Test
    void aServerWithSeveralHostKeysIsKnownByTheTypeKnownHostsHolds() throws Exception {
        java.security.KeyPairGenerator rsaGen = java.security.KeyPairGenerator.getInstance("RSA");
        rsaGen.initialize(2048);
        java.security.KeyPair rsa = rsaGen.generateKeyPair();
        java.security.KeyPairGenerator ecGen = java.security.KeyPairGenerator.getInstance("EC");
        ecGen.initialize(256);
        java.security.KeyPair ec = ecGen.generateKeyPair();
        String pub = Files.readString(dir.resolve("id_ecdsa.pub.line"));
        // JSch on its own prefers ECDSA; known_hosts holds only the RSA key, as after ssh-keyscan -t rsa
        try (InProcessSshServer both = new InProcessSshServer(
                org.apache.sshd.common.keyprovider.KeyPairProvider.wrap(ec, rsa), pub)) {
            Path rsaOnly = Files.writeString(dir.resolve("known_hosts_rsa"), both.knownHostsLine(rsa));
            List<String> args = List.of("status", "--host", "127.0.0.1", "--ssh-port", Integer.toString(both.port()),
                    "--identity", key.toString(), "--known-hosts", rsaOnly.toString(), "--no-cluster", "-C", "4097");
            Run run = Run.tgtha(dir, args.toArray(String[]::new));
            // connected and authenticated: the remote tgtha answered (no tgtd on that port), not an SSH error
            assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCode.TGTD_UNAVAILABLE.code());
        }
    }

    @Test
    void aKeyTheServerDoesNotAcceptIsAnAuthenticationFailure() {
        Run run = remote(otherKey, knownHosts, "status");
        assertThat(run.exitCode()).isEqualTo(ExitCode.SSH_AUTH_FAILED.code());
        assertThat(run.err()).contains("key authentication as root@127.0.0.1 failed");
    }

    @Test
    void nobodyListeningIsAConnectFailure() throws Exception {
        int port = server.port();
        server.close();
        List<String> args = List.of("status", "--host", "127.0.0.1", "--ssh-port", Integer.toString(port), "--identity",
                key.toString(), "--known-hosts", knownHosts.toString());
        Run run = Run.tgtha(dir, args.toArray(String[]::new));
        assertThat(run.exitCode()).isEqualTo(ExitCode.SSH_CONNECT_FAILED.code());
        server = new InProcessSshServer(dir, Files.readString(knownHosts).split(" ", 2)[1]); // for @AfterEach
    }

    /**
     * Issue 17: SshRunner looped on !channel.isClosed() forever when a node dropped mid-command. Now the
     * keepalives go unanswered and the run ends with its own exit code. The 60 s bound only stops a
     * regression from hanging the build; the assertion is the outcome.
     */
    @Test
    @org.junit.jupiter.api.Timeout(60)
    void aNodeThatStopsAnsweringMidCommandEndsTheRunWithConnectionLost() throws Exception {
        try (SilentPeerRelay relay = new SilentPeerRelay(server.port())) {
            Path relayKnownHosts = Files.writeString(dir.resolve("known_hosts_relay"),
                    Files.readString(knownHosts).replace("]:" + server.port() + " ", "]:" + relay.port() + " "));
            java.util.concurrent.CompletableFuture<Run> run = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                    Run.tgtha(dir, "status", "--host", "127.0.0.1", "--ssh-port", Integer.toString(relay.port()),
                            "--identity", key.toString(), "--known-hosts", relayKnownHosts.toString(),
                            "--ssh-timeout", "2s", "--remote-command", "hang", "--json"));
            assertThat(server.hanging.await(30, java.util.concurrent.TimeUnit.SECONDS))
                    .as("the remote command started").isTrue();
            relay.goSilent();
            Run lost = run.get();
            assertThat(lost.exitCode()).as(lost.describe()).isEqualTo(ExitCode.SSH_CONNECTION_LOST.code());
            assertThat(lost.err()).contains("127.0.0.1 stopped answering before the command finished");
            // with --json the local failure is JSON too (after whatever the node sent before the silence)
            assertThat(lost.out()).contains("\"result\": \"error\"").contains("\"exitCode\": 25");
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void aServerThatAcceptsButNeverSpeaksIsAConnectFailure() throws Exception {
        try (java.net.ServerSocket mute = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Run run = Run.tgtha(dir, "status", "--host", "127.0.0.1", "--ssh-port", Integer.toString(mute.getLocalPort()),
                    "--identity", key.toString(), "--known-hosts", knownHosts.toString(), "--ssh-timeout", "1s");
            assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCode.SSH_CONNECT_FAILED.code());
            assertThat(run.err()).startsWith("tgtha: cannot connect to 127.0.0.1:" + mute.getLocalPort());
        }
    }
}
