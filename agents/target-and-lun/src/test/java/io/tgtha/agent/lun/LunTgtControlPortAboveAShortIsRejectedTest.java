// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.lun;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgtha.agent.iscsitarget.AgentCall;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The LUN agent did not check {@code tgt_control_port} at all: validate-all said 0 for 70000, and start,
 * stop and monitor ended in "internal error in lun: IllegalArgumentException" from the tgt client, which
 * takes at most 32767. Now every action says rc 6 and why (the target agent's half:
 * {@code io.tgtha.agent.iscsitarget.TgtControlPortAboveAShortIsRejectedTest}).
 */
class LunTgtControlPortAboveAShortIsRejectedTest extends LunAgentOnFakeTgt {
    AgentCall call(String port) {
        return call().param("tgt_control_port", port);
    }

    @ParameterizedTest(name = "tgt_control_port={0}")
    @ValueSource(strings = {"32768", "65535", "70000", "-1"})
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
}
