// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.status;

import io.tgtha.cli.status.PacemakerThrottle.Assessment;
import io.tgtha.cli.status.PacemakerThrottle.Mode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The controller's decision at its boundaries. /proc/loadavg has two decimals; with the default 80% on 2 cores the
 * marks are 1.92 (low), 2.56 (medium), 3.2 (high), and a load equal to a mark is still below it (the controller
 * compares with "greater than").
 */
class PacemakerThrottleTest {
    static Assessment twoCores(float load) {
        return PacemakerThrottle.assess(load, 2, null, null);
    }

    @Test
    void twoCoresWithTheDefaultsChangeModeJustAboveEachMark() {
        assertThat(twoCores(0.00f).mode()).isEqualTo(Mode.NONE);
        assertThat(twoCores(1.92f).mode()).isEqualTo(Mode.NONE);
        assertThat(twoCores(1.93f).mode()).isEqualTo(Mode.LOW);
        assertThat(twoCores(2.56f).mode()).isEqualTo(Mode.LOW);
        assertThat(twoCores(2.57f).mode()).isEqualTo(Mode.MEDIUM);
        assertThat(twoCores(3.20f).mode()).isEqualTo(Mode.MEDIUM);
        assertThat(twoCores(3.21f).mode()).isEqualTo(Mode.HIGH);
        assertThat(twoCores(500f).mode()).as("the load average never makes it extreme").isEqualTo(Mode.HIGH);
    }

    @Test
    void actionsAtOnceFollowTheModeFromTwiceTheCores() {
        assertThat(twoCores(1.0f)).extracting(Assessment::maxActions, Assessment::actionsAtOnce).containsExactly(4, 4);
        assertThat(twoCores(2.0f).actionsAtOnce()).isEqualTo(2);
        assertThat(twoCores(3.0f).actionsAtOnce()).isEqualTo(1);
        assertThat(twoCores(4.0f).actionsAtOnce()).isEqualTo(1);
        Assessment eight = PacemakerThrottle.assess(8.0f, 8, null, null); // low mark 7.68
        assertThat(eight).extracting(Assessment::mode, Assessment::maxActions, Assessment::actionsAtOnce)
                .containsExactly(Mode.LOW, 16, 8);
    }

    @Test
    void oneCoreIsScaledByPointSixNotOne() {
        // marks 0.576, 0.768, 0.96
        assertThat(PacemakerThrottle.assess(0.57f, 1, null, null).mode()).isEqualTo(Mode.NONE);
        assertThat(PacemakerThrottle.assess(0.58f, 1, null, null).mode()).isEqualTo(Mode.LOW);
        assertThat(PacemakerThrottle.assess(0.96f, 1, null, null).mode()).isEqualTo(Mode.MEDIUM);
        assertThat(PacemakerThrottle.assess(0.97f, 1, null, null).mode()).isEqualTo(Mode.HIGH);
    }

    @Test
    void loadThresholdMovesTheMarksAndZeroSwitchesTheLoadCheckOff() {
        // 250% on 2 cores: low 6.0, high 10.0
        assertThat(PacemakerThrottle.assess(6.00f, 2, "250%", null).mode()).isEqualTo(Mode.NONE);
        assertThat(PacemakerThrottle.assess(6.01f, 2, "250%", null).mode()).isEqualTo(Mode.LOW);
        assertThat(PacemakerThrottle.assess(10.01f, 2, "250%", null).mode()).isEqualTo(Mode.HIGH);
        assertThat(PacemakerThrottle.assess(1000f, 2, "0%", null).mode()).isEqualTo(Mode.NONE);
        assertThat(PacemakerThrottle.assess(3.21f, 2, "10000%", null).mode()).isEqualTo(Mode.NONE);
    }

    /** Pacemaker's validator wants a number and '%'; for anything else it logs an error and uses 80%. */
    @Test
    void anInvalidLoadThresholdCountsAsTheDefault() {
        for (String invalid : new String[]{"250", "-10%", "high", ""}) {
            Assessment a = PacemakerThrottle.assess(3.21f, 2, invalid, null);
            assertThat(a.mode()).as(invalid).isEqualTo(Mode.HIGH);
            assertThat(a.thresholdText()).isEqualTo("80%");
        }
    }

    @Test
    void nodeActionLimitReplacesTwiceTheCores() {
        assertThat(PacemakerThrottle.assess(2.0f, 2, null, "16")).extracting(Assessment::maxActions, Assessment::actionsAtOnce)
                .containsExactly(16, 8);
        assertThat(PacemakerThrottle.maxActions("0", 2)).as("not positive: the default").isEqualTo(4);
        assertThat(PacemakerThrottle.maxActions("x", 2)).isEqualTo(4);
        assertThat(PacemakerThrottle.maxActions("99999999999999999999", 2)).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void noWarningBelowTheLowMarkNorWhereTheModeCostsNoAction() {
        assertThat(twoCores(1.92f).warning(2)).isEmpty();
        // node-action-limit=1: low and medium still allow that one action
        assertThat(PacemakerThrottle.assess(2.0f, 2, null, "1").warning(2)).isEmpty();
        assertThat(PacemakerThrottle.assess(3.0f, 2, null, "1").warning(2)).isEmpty();
        // high still limits the whole cluster
        assertThat(PacemakerThrottle.assess(3.21f, 2, null, "1").warning(2)).isPresent();
    }

    @Test
    void theWarningNamesLoadCoresMarkThresholdAndWhatItCosts() {
        StatusWarning high = twoCores(5.3f).warning(2).orElseThrow();
        assertThat(high.code()).isEqualTo("pacemaker-load-throttle");
        assertThat(high.message()).startsWith("load 5.30 on 2 cores is above Pacemaker's high-load mark 3.20 (load-threshold 80%)")
                .contains("one action at a time on this node and at most 1 at once in the whole cluster")
                .contains("failovers take longer").contains("docs/troubleshooting.md");
        assertThat(twoCores(5.3f).warning(4).orElseThrow().message()).contains("at most 2 at once in the whole cluster");
        assertThat(PacemakerThrottle.assess(2.0f, 2, "80%", null).warning(2).orElseThrow().message())
                .startsWith("load 2.00 on 2 cores is above Pacemaker's low-load mark 1.92 (load-threshold 80%)")
                .contains("at most 2 actions at once on this node instead of 4");
        assertThat(PacemakerThrottle.assess(0.8f, 1, null, null).warning(1).orElseThrow().message())
                .startsWith("load 0.80 on 1 core is above Pacemaker's medium-load mark 0.77");
    }
}
