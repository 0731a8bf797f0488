package io.tgtha.agent.target;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgtha.testkit.Exec;
import io.tgtha.testkit.ExecResult;
import io.tgtha.testkit.Lab;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** resource-agents' ocf-tester (meta-data DTD, start/monitor/stop sequences, idempotency) on both agents. */
class OcfTesterLabTest {
    /** Not @TempDir: /tmp may be mounted noexec, and ocf-tester executes the agent. */
    Path dir;

    @Test
    void targetAndLunPassOcfTester() throws Exception {
        AgentLab.require();
        dir = Files.createDirectories(Path.of("target", "ocf-tester-agents")).toAbsolutePath();
        if (Lab.which("ocf-tester") == null) {
            throw new AssertionError("ocf-tester missing (package resource-agents; see test-cluster/bin/install-test-deps)");
        }
        try (AgentLab lab = AgentLab.start("t")) {
            String iqn = "iqn.2026-01.io.tgtha:lab.ocftester";
            String port = Integer.toString(lab.port());
            Path target = wrapper("target", TargetAgent.class.getName());
            Path lun = wrapper("lun", io.tgtha.agent.lun.LunAgent.class.getName());
            ExecResult t = ocfTester(target, "p_target_ocft", "iqn=" + iqn, "tgt_control_port=" + port);
            assertThat(t.ok()).as(t.describe()).isTrue();
            // the LUN needs its target running
            assertThat(lab.target(iqn).run("start").rc()).isZero();
            Path disk = lab.backingFile("ocft.img", 8);
            ExecResult l = ocfTester(lun, "p_lun_ocft", "target_iqn=" + iqn, "lun=1", "path=" + disk,
                    "tgt_control_port=" + port);
            assertThat(l.ok()).as(l.describe()).isTrue();
            assertThat(lab.target(iqn).run("stop").rc()).isZero();
        }
    }

    /**
     * ocf-tester runs meta-data as user nobody, who cannot read ~root/.m2: the jars are copied next to the
     * script (world-readable, as an installed agent's would be).
     */
    private Path wrapper(String name, String mainClass) throws Exception {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        List<String> cp = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry).toAbsolutePath();
            if (Files.isRegularFile(p)) {
                Path copy = lib.resolve(p.getFileName());
                Files.copy(p, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
                cp.add(copy.toString());
            } else {
                cp.add(p.toString());
            }
        }
        Path script = dir.resolve(name);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(script, "#!/bin/sh\nexec " + java + " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp '"
                + String.join(":", cp) + "' " + mainClass + " \"$@\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private static ExecResult ocfTester(Path agent, String name, String... params) {
        List<String> cmd = new ArrayList<>(List.of("ocf-tester", "-n", name));
        for (String p : params) {
            cmd.add("-o");
            cmd.add(p);
        }
        cmd.add(agent.toString());
        return Exec.run(Duration.ofSeconds(120), cmd);
    }
}
