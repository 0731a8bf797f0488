// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgtha.agent.account.AgentHarness.Outcome;
import io.tgtha.testkit.Lab;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When tgtd dies (SIGKILL: its socket file stays, connections are refused) its accounts die with it:
 * stop succeeds (a failed stop would get the node fenced for nothing), a probe says not running, a
 * recurring monitor says not running with a reason, start fails.
 */
class TgtdGoneLabTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void lab() {
        Lab.requireRoot("tgtd", "tgtadm");
    }

    @Test
    void withTgtdKilledStopSucceedsMonitorSaysNotRunningAndStartFails() {
        try (TwoNodeLab lab = TwoNodeLab.start(dir, 212)) {
            Map<String, String> env = new HashMap<>();
            env.put("OCF_RESKEY_username", "gone-chap");
            env.put("OCF_RESKEY_password", "Gone-Secret-4242");
            env.put("OCF_RESKEY_tgt_control_port", Integer.toString(lab.port(1)));
            env.put("TGTHA_RUN_DIR", dir.resolve("run").toString());
            assertThat(AgentProcess.run(env, "start").rc()).isZero();
            lab.tgtd[1].kill();
            assertThat(lab.tgtd[1].awaitExit(Duration.ofSeconds(5))).isTrue();

            Outcome probe = AgentProcess.run(env, "monitor");
            assertThat(probe.rc()).isEqualTo(7);
            Map<String, String> recurring = new HashMap<>(env);
            recurring.put("OCF_RESKEY_CRM_meta_interval", "30000");
            Outcome monitor = AgentProcess.run(recurring, "monitor");
            assertThat(monitor.rc()).isEqualTo(7);
            assertThat(monitor.stderr()).contains("is not running");
            Outcome stop = AgentProcess.run(env, "stop");
            assertThat(stop.rc()).as(stop.stderr()).isZero();
            Outcome start = AgentProcess.run(env, "start");
            assertThat(start.rc()).isEqualTo(1);
            assertThat(start.stderr()).contains("tgtd is not running");
        }
    }
}
