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
 * Issue 14.2: from the stock agents to tgt-ha on a running cluster. Runs {@code bin/migrate-check} in the real
 * two-node cluster: two stock targets (iSCSITarget with one shared CHAP user, iSCSILogicalUnit, the patched stock
 * portblock) under iscsi-perf load, then {@code tgtha migrate --apply}: every LUN keeps its WWID (VPD 0x83) and serial
 * (VPD 0x80), no initiator sees an I/O error or more than one reconnect, no group moves, maintenance mode ends, the
 * stock portblock rules are gone; then every group fails over with the tgt-ha agents with no failed operation and the
 * same identities on the other node. Every check line the script prints must say ok, and all must be there.
 */
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class MigrateUnderLoadLabTest {
    private static final List<String> CHECKS = List.of("identity-read", "dry-run", "dry-run-no-secret", "apply-exit",
            "apply-no-secret", "agents-switched", "maintenance-ended", "groups-stayed", "at-most-one-reconnect",
            "load-survived-apply", "io-after-apply", "no-failures-after-apply", "wwid-kept-after-apply",
            "serial-kept-after-apply", "stock-rules-cleaned", "failover-moved", "no-failures-after-failover",
            "io-after-failover", "load-survived-failover", "wwid-kept-after-failover", "serial-kept-after-failover");

    @Test
    void stockTargetsUnderLoadAreAdoptedWithTheirIdentityAndFailOverWithTgtHa() throws Exception {
        Lab.requireRoot(FailoverUnderLoadLabTest.LAB_TOOLS);
        Path log = FailoverUnderLoadLabTest.logDir().resolve("migrate-check.log");

        LabScriptRun run = LabScriptRun.of(Duration.ofMinutes(11), log, "migrate-check");

        assertThat(run.failed()).as("failed checks; output tail:%n%s", run.tail()).isEmpty();
        assertThat(run.passed()).as("every check ran; output tail:%n%s", run.tail())
                .containsExactlyInAnyOrderElementsOf(CHECKS);
    }
}
