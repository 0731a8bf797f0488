// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.iscsitarget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tgtha.agent.tgt.TgtdParameters;
import io.tgtha.tgt.TgtClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;

/**
 * validate-all accepted {@code tgt_control_port} up to 65535, but the tgt client takes at most 32767
 * (tgtd keeps the port in a short): validate-all said 0, then start, stop and monitor ended in
 * "internal error in target: IllegalArgumentException". Now every action says rc 6 and why.
 * The LUN agent's half is {@code io.tgtha.agent.lun.LunTgtControlPortAboveAShortIsRejectedTest}.
 */
class TgtControlPortAboveAShortIsRejectedTest {
    @TempDir
    Path dir;

    FakeTgt tgt = new FakeTgt();

    AgentCall call(String port) {
        return new AgentCall(new TargetAgent(tgt, new TgtConfigFiles(dir), dir.resolve("locks")))
                .param("iqn", "iqn.2026-01.io.tgtha:port").param("tgt_control_port", port).timeoutMs(10_000);
    }

    @ParameterizedTest(name = "tgt_control_port={0}")
    @ValueSource(strings = {"32768", "40000", "65535", "65536", "-1"})
    void everyActionIsNotConfiguredWithTheReason(String port) {
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
    void portsTheClientTakesAreAccepted(String port) {
        var r = call(port).run("validate-all");
        assertThat(r.rc()).as(r.toString()).isZero();
    }

    @Test
    void theLimitIsTheTgtClientsOwn() {
        int max = TgtdParameters.MAX_CONTROL_PORT;
        assertThat(TgtClient.forControlPort(max, Duration.ofSeconds(1)).controlPort()).isEqualTo(max);
        assertThatThrownBy(() -> TgtClient.forControlPort(max + 1, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
