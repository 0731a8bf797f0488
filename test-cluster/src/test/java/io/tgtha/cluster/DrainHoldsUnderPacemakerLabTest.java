// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cluster;

import io.tgtha.testkit.Lab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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

        LabScript.Outcome outcome = LabScript.locate().run(Duration.ofMinutes(5), log, "drain-check");

        assertThat(outcome.timedOut()).as("drain-check timed out; log tail:%n%s", outcome.tail()).isFalse();
        List<String> failed = new ArrayList<>();
        List<String> passed = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            String[] words = line.split(" ", 4);
            if (words.length >= 3 && words[0].equals("check")) {
                (words[2].equals("ok") ? passed : failed).add(words[1] + (words.length > 3 ? ": " + words[3] : ""));
            }
        }
        assertThat(failed).as("failed checks; log tail:%n%s", outcome.tail()).isEmpty();
        assertThat(passed).as("every check ran; log tail:%n%s", outcome.tail())
                .extracting(p -> p.split(":", 2)[0]).containsExactlyInAnyOrderElementsOf(CHECKS);
        assertThat(outcome.exitCode()).as("drain-check exit code; log tail:%n%s", outcome.tail()).isZero();
    }
}
