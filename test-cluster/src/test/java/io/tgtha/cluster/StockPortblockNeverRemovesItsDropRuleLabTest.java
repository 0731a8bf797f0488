// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cluster;

import io.tgtha.testkit.Lab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins the comparison anchor: Debian 12's stock portblock (resource-agents 4.12) looks for its own DROP rule with a
 * pattern that expects "tcp", but iptables-nft prints "6". Its "unblock" start therefore never removes the rule, so
 * with the stock agents as shipped no initiator ever reaches the target, before or after a move, and the old node
 * keeps DROP rules behind. If this test starts failing, the stock agent got fixed: re-measure the baseline.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class StockPortblockNeverRemovesItsDropRuleLabTest {

    @Test
    void stockAgentsAsShippedKeepThePortBlocked() throws Exception {
        Lab.requireRoot(FailoverUnderLoadLabTest.LAB_TOOLS);
        Path dir = FailoverUnderLoadLabTest.logDir();
        Path results = dir.resolve("failover-stock.tsv");
        Files.deleteIfExists(results);

        LabScript.Outcome outcome = LabScript.locate().run(Duration.ofMinutes(4), dir.resolve("failover-stock.log"),
                "failover", "--agents", "stock", "--moves", "1", "--resume-timeout", "8",
                "--results", results.toString());

        assertThat(outcome.timedOut()).as("failover run timed out; log tail:%n%s", outcome.tail()).isFalse();
        assertThat(outcome.exitCode()).as("failover exit code; log tail:%n%s", outcome.tail()).isZero();
        List<FailoverRow> rows = FailoverRow.read(results);
        assertThat(rows).hasSize(1);
        FailoverRow row = rows.get(0);
        assertThat(row.clusterSeconds()).as("Pacemaker itself moves the group fine: %s", row).isPresent();
        assertThat(row.loadBeforeMove()).as("no I/O got through before the move: %s", row).isFalse();
        assertThat(row.ioResumed()).as("no I/O got through after the move: %s", row).isFalse();
        assertThat(row.leftoversOnOld()).as("DROP rules stay on the old node: %s", row).contains("rules:");
    }
}
