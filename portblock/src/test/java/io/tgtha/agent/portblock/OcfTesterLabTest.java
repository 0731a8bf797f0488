package io.tgtha.agent.portblock;

import io.tgtha.testkit.ExecResult;
import io.tgtha.testkit.Lab;
import io.tgtha.testkit.Netns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * resource-agents' ocf-tester against the agent, inside a namespace (its start/stop change the packet
 * filter). ocf-tester also runs meta-data as user nobody, so the agent and its classes are copied to a
 * world-readable directory first.
 */
class OcfTesterLabTest {
    Netns ns;
    Path dir;

    @BeforeEach
    void setUp() throws IOException {
        Lab.requireRoot("ocf-tester", "iptables", "nft", "ss");
        Lab.cleanupLeftovers("pb");
        ns = Netns.create("pb", "oct");
        dir = Files.createTempDirectory(Path.of("/tmp"), "pb-ocf-tester-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        List<String> cp = new ArrayList<>();
        int n = 0;
        for (String entry : AgentProcess.classpath().split(":")) {
            Path src = Path.of(entry);
            Path dst = dir.resolve("cp" + n++ + (Files.isDirectory(src) ? "" : ".jar"));
            copy(src, dst);
            cp.add(dst.toString());
        }
        Path agent = dir.resolve("portblock");
        Files.writeString(agent, "#!/bin/sh\nexport TGTHA_RUN_DIR=" + dir.resolve("run") + "\nexec "
                + Path.of(System.getProperty("java.home"), "bin", "java") + " -XX:TieredStopAtLevel=1 "
                + "-XX:+UseSerialGC -Xshare:auto -cp " + String.join(":", cp) + " " + PortblockAgent.class.getName()
                + " \"$@\"\n");
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                        Files.isDirectory(p) || p.equals(agent) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
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
    void tearDown() throws IOException {
        if (ns != null) {
            ns.close();
        }
        if (dir != null) {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"block,out,iptables", "unblock,in,iptables", "block,both,nft"})
    void ocfTesterPasses(String action, String direction, String firewall) {
        ExecResult r = ns.exec(Duration.ofSeconds(180), "ocf-tester", "-n", "pb-" + action, "-o", "protocol=tcp",
                "-o", "portno=3260", "-o", "action=" + action, "-o", "ip=10.231.2.1", "-o", "direction=" + direction,
                "-o", "firewall=" + firewall, dir.resolve("portblock").toString());
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).contains("passed all tests");
    }
}
