// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FailoverRowTest {

    @Test
    void readsRowsWrittenByTheFailoverScript(@TempDir Path dir) throws Exception {
        Path tsv = dir.resolve("r.tsv");
        Files.writeString(tsv, FailoverRow.HEADER + "\n"
                + "stock-patched\t1\tt1\tcl-n1\tcl-n2\t2.36\t1.68\t0\t1599160\t0\tnone\tyes\t512\n"
                + "stock\t1\tt1\tcl-n1\tcl-n2\t1.71\tnever\t2\t0\tESTAB/2885440 \trules:2 locks:1\tno\t0\n");

        List<FailoverRow> rows = FailoverRow.read(tsv);

        assertThat(rows).hasSize(2);
        FailoverRow ok = rows.get(0);
        assertThat(ok.ioGapSeconds()).contains(1.68);
        assertThat(ok.clusterSeconds()).contains(2.36);
        assertThat(ok.maxSendQ()).isEqualTo(1_599_160L);
        assertThat(ok.ioResumed()).isTrue();
        assertThat(ok.connectionsLeftOpen()).isFalse();
        assertThat(ok.hasLeftovers()).isFalse();
        assertThat(ok.loadBeforeMove()).isTrue();
        assertThat(ok.agentMillis()).isEqualTo(512L);
        FailoverRow bad = rows.get(1);
        assertThat(bad.ioResumed()).isFalse();
        assertThat(bad.failedOps()).isEqualTo(2);
        assertThat(bad.connectionsLeftOpen()).isTrue();
        assertThat(bad.leftoversOnOld()).isEqualTo("rules:2 locks:1");
        assertThat(bad.loadBeforeMove()).isFalse();
    }

    @Test
    void initiatorExitsAndErrorsAreTheLastTwoColumns(@TempDir Path dir) throws Exception {
        Path tsv = dir.resolve("r.tsv");
        Files.writeString(tsv, FailoverRow.HEADER + "\n"
                + "tgtha\t1\tt1\tcl-n1\tcl-n2\t2.36\t1.68\t0\t1599160\t0\tnone\tyes\t512\t0\t0\n"
                + "stock-patched\t1\tt1\tcl-n1\tcl-n2\t2.36\t1.68\t0\t1599160\t0\tnone\tyes\t512\t2\t5\n");
        List<FailoverRow> rows = FailoverRow.read(tsv);
        assertThat(rows.get(0).noInitiatorErrors()).isTrue();
        assertThat(rows.get(1).initiatorExits()).isEqualTo(2);
        assertThat(rows.get(1).initiatorErrors()).isEqualTo(5);
        assertThat(rows.get(1).noInitiatorErrors()).isFalse();
        assertThat(rows.get(1).agentMillis()).isEqualTo(512L);
    }

    /** Results written before the initiator columns still read; they do not claim "no errors". */
    @Test
    void resultsWithoutInitiatorColumnsSayNothingAboutInitiatorErrors(@TempDir Path dir) throws Exception {
        Path tsv = dir.resolve("old.tsv");
        Files.writeString(tsv, FailoverRow.HEADER_BEFORE_INITIATOR_ERRORS + "\n"
                + "tgtha\t1\tt1\tcl-n1\tcl-n2\t2.36\t1.68\t0\t1599160\t0\tnone\tyes\t512\n");
        FailoverRow row = FailoverRow.read(tsv).get(0);
        assertThat(row.initiatorExits()).isEqualTo(-1);
        assertThat(row.noInitiatorErrors()).isFalse();
    }

    @Test
    void timeoutMeansNoClusterTime() {
        FailoverRow row = FailoverRow.parse("tgtha\t3\tt2\tcl-n2\tcl-n1\ttimeout\tnever\t1\t0\t0\tnone\tyes\t4321");
        assertThat(row.clusterSeconds()).isEmpty();
        assertThat(row.move()).isEqualTo(3);
        assertThat(row.agentMillis()).isEqualTo(4321L);
    }

    @Test
    void afterACrashTheOldNodeColumnsAreNotApplicable() {
        FailoverRow row = FailoverRow.parse("tgtha\t1\tt1\tcl-n1\tcl-n2\t7.50\t13.22\t0\t-\t-\t-\tyes\t696");
        assertThat(row.maxSendQ()).isEqualTo(-1L);
        assertThat(row.connectionsLeftOpen()).isFalse();
        assertThat(row.hasLeftovers()).isFalse();
        assertThat(row.ioGapSeconds()).contains(13.22);
    }

    @Test
    void rejectsFilesThatAreNotFailoverResults(@TempDir Path dir) throws Exception {
        Path tsv = dir.resolve("x.tsv");
        Files.writeString(tsv, "something else\n");
        assertThatThrownBy(() -> FailoverRow.read(tsv)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a failover results file");
        assertThatThrownBy(() -> FailoverRow.parse("a\tb")).isInstanceOf(IllegalArgumentException.class);
    }
}
