// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cluster;

import io.tgtha.testkit.Lab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13.1, the drain that Pacemaker undid: {@code tgtha drain} set the target offline without a hold note, the next
 * recurring monitor failed ("offline, not ready"), Pacemaker recovered the group (undoing the drain) and counted a
 * failure. Runs {@code bin/drain-check} in the real two-node cluster with an initiator writing: the drain holds through
 * three recurring monitors with no failure and no move, {@code tgtha ready} brings the initiator's I/O back and
 * removes the note. Every check line the script prints must say ok, and all ten must be there.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class DrainHoldsUnderPacemakerLabTest {
    private static final List<String> CHECKS = List.of("drain-exit", "drain-held", "group-stayed",
            "no-failures-while-drained", "hold-note", "ready-exit", "io-resumed", "ready-held",
            "no-failures-after-ready", "hold-note-removed");

    @Test
    void drainedTargetStaysDrainedThroughMonitorsAndReadyBringsIoBack() throws Exception {
        Lab.requireRoot(FailoverUnderLoadLabTest.LAB_TOOLS);
        assertThat(AgentsUnderTest.choose()).as("drain is a tgt-ha command").isEqualTo("tgtha");
        Path log = FailoverUnderLoadLabTest.logDir().resolve("drain-check.log");

        LabScriptRun run = LabScriptRun.of(Duration.ofMinutes(5), log, "drain-check");

        assertThat(run.failed()).as("failed checks; output tail:%n%s", run.tail()).isEmpty();
        assertThat(run.passed()).as("every check ran; output tail:%n%s", run.tail())
                .containsExactlyInAnyOrderElementsOf(CHECKS);
    }
}
