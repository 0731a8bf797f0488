// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.iscsitarget;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgtha.testkit.Exec;
import io.tgtha.testkit.ExecResult;
import io.tgtha.testkit.Lab;
import io.tgtha.testkit.OcfAgentScript;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** resource-agents' ocf-tester (meta-data DTD, start/monitor/stop sequences, idempotency) on both agents. */
class OcfTesterLabTest {
    @Test
    void targetAndLunPassOcfTester() throws Exception {
        AgentLab.require();
        if (Lab.which("ocf-tester") == null) {
            throw new AssertionError("ocf-tester missing (package resource-agents; see test-cluster/bin/install-test-deps)");
        }
        try (AgentLab lab = AgentLab.start("t");
             OcfAgentScript target = OcfAgentScript.create("ag", "target", TargetAgent.class.getName(), Map.of());
             OcfAgentScript lun = OcfAgentScript.create("ag", "lun", io.tgtha.agent.lun.LunAgent.class.getName(),
                     Map.of())) {
            String iqn = "iqn.2026-01.io.tgtha:lab.ocftester";
            String port = Integer.toString(lab.port());
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

    private static ExecResult ocfTester(OcfAgentScript agent, String name, String... params) {
        return Exec.run(Duration.ofSeconds(120), agent.ocfTesterCommand(name, params));
    }
}
