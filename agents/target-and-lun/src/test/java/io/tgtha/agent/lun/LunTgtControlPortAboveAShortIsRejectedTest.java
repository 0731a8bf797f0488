// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.lun;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgtha.agent.iscsitarget.AgentCall;
import io.tgtha.agent.iscsitarget.FakeTgt;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The LUN agent did not check {@code tgt_control_port} at all: validate-all said 0 for 70000, and start,
 * stop and monitor ended in "internal error in lun: IllegalArgumentException" from the tgt client, which
 * takes at most 32767. Now every action says rc 6 and why (the target agent's half:
 * {@code io.tgtha.agent.iscsitarget.TgtControlPortAboveAShortIsRejectedTest}).
 */
class LunTgtControlPortAboveAShortIsRejectedTest {
    @TempDir
    Path dir;

    FakeTgt tgt = new FakeTgt();

    AgentCall call(String port) throws Exception {
        Path backing = dir.resolve("lun1.img");
        if (!Files.exists(backing)) {
            Files.createFile(backing);
        }
        return new AgentCall(new LunAgent(tgt, dir.resolve("offline"))).env("OCF_RESOURCE_INSTANCE", "p_lun1")
                .param("target_iqn", "iqn.2026-01.io.tgtha:port").param("lun", "1").param("path", backing.toString())
                .param("tgt_control_port", port).timeoutMs(10_000);
    }

    @ParameterizedTest(name = "tgt_control_port={0}")
    @ValueSource(strings = {"32768", "65535", "70000", "-1"})
    void everyActionIsNotConfiguredWithTheReason(String port) throws Exception {
        for (String action : new String[] {"validate-all", "start", "stop", "monitor"}) {
            var r = (action.equals("monitor") ? call(port).recurring() : call(port)).run(action);
            assertThat(r.rc()).as(action + ": " + r).isEqualTo(6);
            assertThat(r.stderr()).as(action).contains("tgt_control_port").contains("from 0 to 32767")
                    .doesNotContain("internal error");
        }
        assertThat(tgt.journal).as("tgtd never asked").isEmpty();
    }

    @ParameterizedTest(name = "tgt_control_port={0}")
    @ValueSource(strings = {"0", "3001", "32767"})
    void portsTheClientTakesAreAccepted(String port) throws Exception {
        var r = call(port).run("validate-all");
        assertThat(r.rc()).as(r.toString()).isZero();
    }
}
