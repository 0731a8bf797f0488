// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import io.tgtha.testkit.Exec;
import io.tgtha.testkit.Lab;
import io.tgtha.testkit.LabConfig;
import io.tgtha.testkit.TgtLab;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * --host against OpenSSH's sshd (loopback only, our throw-away keys): ed25519 keys made by ssh-keygen, a
 * hashed known_hosts made by ssh-keyscan -H, and the remote tgtha a real process started through the
 * user's shell, so argument quoting and exit status go through the same path as on a real node.
 */
@SuppressWarnings("unchecked")
class OpenSshRemoteLabTest {
    static final Duration T = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    Process sshd;
    int port;
    Path launcher;

    @BeforeEach
    void startSshd() throws Exception {
        Lab.requireRoot("sshd", "ssh-keygen", "ssh-keyscan", "tgtd", "tgtadm", "ss");
        Exec.run(T, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("host").toString()).orThrow();
        Exec.run(T, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("id").toString()).orThrow();
        Files.copy(dir.resolve("id.pub"), dir.resolve("authorized_keys"));
        Files.createDirectories(Path.of("/run/sshd")); // sshd's privilege separation directory
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        sshd = new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", "/dev/null",
                "-o", "ListenAddress=127.0.0.1:" + port, "-o", "HostKey=" + dir.resolve("host"),
                "-o", "AuthorizedKeysFile=" + dir.resolve("authorized_keys"), "-o", "PasswordAuthentication=no",
                "-o", "KbdInteractiveAuthentication=no", "-o", "UsePAM=no", "-o", "StrictModes=no",
                "-o", "PermitRootLogin=prohibit-password", "-o", "PidFile=none")
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        long deadline = System.nanoTime() + T.toNanos();
        while (!Files.readString(dir.resolve("sshd.log")).contains("Server listening")) {
            assertThat(sshd.isAlive()).as(Files.readString(dir.resolve("sshd.log"))).isTrue();
            assertThat(System.nanoTime()).as("sshd did not start").isLessThan(deadline);
            Thread.sleep(50);
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        launcher = dir.resolve("tgtha");
        Files.writeString(launcher, "#!/bin/sh\nexec '" + java + "' -XX:TieredStopAtLevel=1 -cp '"
                + System.getProperty("java.class.path") + "' " + TgtHa.class.getName() + " \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
    }

    @AfterEach
    void stopSshd() {
        if (sshd != null) {
            Exec.killTree(sshd.toHandle());
        }
    }

    Run remote(Path knownHosts, String... args) {
        List<String> all = new ArrayList<>(List.of(args[0], "--host", "127.0.0.1", "--ssh-port", Integer.toString(port),
                "--identity", dir.resolve("id").toString(), "--known-hosts", knownHosts.toString(),
                "--remote-command", launcher.toString()));
        all.addAll(List.of(args).subList(1, args.length));
        return Run.tgtha(dir, all.toArray(String[]::new));
    }

    @Test
    void remoteStatusThroughOpenSshWithAHashedKnownHostsFile() throws Exception {
        String scan = Exec.run(T, "ssh-keyscan", "-H", "-p", Integer.toString(port), "127.0.0.1").orThrow().stdout();
        assertThat(scan).startsWith("|1|"); // hashed host names, as Debian's ssh_config writes them
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), scan);
        try (TgtLab lab = TgtLab.start(LabConfig.of("op", "10.231.4", 4001, 4099))) {
            lab.tgtd().tgtadm("--lld", "iscsi", "--op", "new", "--mode", "target", "--tid", "7",
                    "-T", "iqn.2026-01.io.tgtha:op.openssh").orThrow();
            Run run = remote(knownHosts, "status", "--json", "--no-cluster", "--sample", "0",
                    "-C", Integer.toString(lab.tgtd().controlPort()), "--netns", lab.targetNs().name());
            assertThat(run.exitCode()).as(run.describe()).isZero();
            Map<String, Object> t = (Map<String, Object>) ((List<Object>) run.json().get("targets")).get(0);
            assertThat(t).containsEntry("iqn", "iqn.2026-01.io.tgtha:op.openssh").containsEntry("tid", 7L);
            // an argument with spaces and quotes must arrive intact through the remote shell
            Run odd = remote(knownHosts, "status", "--no-cluster", "-C", Integer.toString(lab.tgtd().controlPort()),
                    "it's a 'target'");
            assertThat(odd.exitCode()).as(odd.describe()).isEqualTo(ExitCode.NOT_FOUND.code());
            assertThat(odd.err()).contains("no target 'it's a 'target'' here");
        }
    }

    @Test
    void openSshHostKeyUnknownToKnownHostsIsRefused() throws Exception {
        Path empty = Files.writeString(dir.resolve("known_hosts_other"), "");
        Run run = remote(empty, "status", "--no-cluster");
        assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCode.SSH_UNKNOWN_HOST_KEY.code());
        assertThat(run.err()).contains("ssh-ed25519").contains("Refusing to connect");
    }
}
