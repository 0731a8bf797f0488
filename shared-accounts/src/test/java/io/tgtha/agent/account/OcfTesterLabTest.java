package io.tgtha.agent.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgtha.ocf.OcfException;
import io.tgtha.testkit.Exec;
import io.tgtha.testkit.ExecResult;
import io.tgtha.testkit.Lab;
import io.tgtha.tgt.TgtClient;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * resource-agents' ocf-tester against the account agent and a real tgtd. ocf-tester runs meta-data as
 * user nobody, so the agent's classes go to a world-readable directory; the secret file stays 0600 in
 * a private one (start and monitor run as root).
 */
class OcfTesterLabTest {
    @TempDir
    Path labDir;
    Path dir;

    @BeforeAll
    static void lab() {
        Lab.requireRoot("tgtd", "tgtadm", "ocf-tester");
    }

    @BeforeEach
    void copyAgent() throws Exception {
        dir = Files.createTempDirectory(Path.of("/tmp"), "ag-ocf-tester-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        List<String> cp = new ArrayList<>();
        int n = 0;
        for (Class<?> c : List.of(AccountAgentMain.class, AccountAgent.class, OcfException.class, TgtClient.class)) {
            Path src = codeSource(c);
            Path dst = dir.resolve("cp" + n++ + (Files.isDirectory(src) ? "" : ".jar"));
            copy(src, dst);
            cp.add(dst.toString());
        }
        Path agent = dir.resolve("account");
        Files.writeString(agent, "#!/bin/sh\nexport TGTHA_RUN_DIR=" + labDir.resolve("run") + "\nexec "
                + Path.of(System.getProperty("java.home"), "bin", "java") + " -XX:TieredStopAtLevel=1 "
                + "-XX:+UseSerialGC -Xshare:auto -cp " + String.join(":", cp) + " " + AccountAgentMain.class.getName()
                + " \"$@\"\n");
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                        Files.isDirectory(p) || p.equals(agent) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }

    private static Path codeSource(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static void copy(Path src, Path dst) throws IOException {
        if (!Files.isDirectory(src)) {
            Files.copy(src, dst);
            return;
        }
        try (Stream<Path> all = Files.walk(src)) {
            for (Path p : all.toList()) {
                Path target = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    @AfterEach
    void removeAgent() throws IOException {
        if (dir != null) {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void ocfTesterPassesWithAPasswordFileAndDiscovery() throws Exception {
        Path secret = labDir.resolve("chap.secret");
        Files.writeString(secret, "Ocf-Tester-Secret-123\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        try (TwoNodeLab lab = TwoNodeLab.start(labDir, 180)) {
            ExecResult r = Exec.run(Duration.ofSeconds(240), "ocf-tester", "-n", "chap-account",
                    "-o", "username=ocftester", "-o", "password_file=" + secret, "-o", "discovery=true",
                    "-o", "tgt_control_port=" + lab.port(0), dir.resolve("account").toString());
            assertThat(r.exitCode()).as(r.describe()).isZero();
            assertThat(r.stdout()).contains("passed all tests");
            assertThat(r.stdout() + r.stderr()).doesNotContain("Ocf-Tester-Secret-123");
            // ocf-tester ends with a stop: nothing is left behind
            assertThat(lab.client(0).accounts()).isEmpty();
            assertThat(lab.client(0).discoveryAccounts().incoming()).isEmpty();
            lab.assertTgtdHealthy(0);
        }
    }
}
