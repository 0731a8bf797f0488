// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Output lines as the lab's check scripts print them (taken from real runs' logs in target/lab-logs). */
class LabScriptRunTest {
    private static final List<String> DRAIN_CHECK_PASSED = List.of(
            "16:25:29 drain-check: t1 runs on cl-n1; starting the initiator",
            "16:25:29 drain-check: tgtha drain on cl-n1",
            "check drain-exit ok rc=0",
            "16:25:31 drain-check: holding the drain for 35 s while Pacemaker monitors",
            "check drain-held ok tgtd state after 35s: offline",
            "check hold-note ok /run/tgtha/offline/iqn.2026-01.io.tgtha.lab:t1+operator.hold on cl-n1",
            "16:26:07 drain-check: tgtha ready on cl-n1",
            "check no-failures-after-ready ok none");

    private static final List<String> REFCONFIG_CHECK_FAILED = List.of(
            "check chap-login-t1 ok iscsi-ls on 10.231.50.21: rc=0, iqn.2026-01.io.tgtha.lab:t1 LUN 1 listed",
            "check chap-wrong-secret-refused ok iscsi-ls on 10.231.50.21 with a wrong secret: rc=10",
            "16:29:58 refconfig-check: removing the configuration",
            "check all-stopped ok 0 instance(s) still active",
            "check nothing-left-on-n1 FAILED state-files:1",
            "check nothing-left-on-n2 FAILED state-files:1");

    @Test
    void aCleanRunHasEveryOkCheckByNameAndNoFailure() {
        LabScriptRun run = LabScriptRun.parse("drain-check", DRAIN_CHECK_PASSED, null);

        assertThat(run.passed()).containsExactly("drain-exit", "drain-held", "hold-note", "no-failures-after-ready");
        assertThat(run.failed()).isEmpty();
        assertThat(run.output()).isEqualTo(DRAIN_CHECK_PASSED);
    }

    @Test
    void failedChecksKeepTheirDetailAndANonZeroExitIsOneMoreFailure() {
        LabScriptRun run = LabScriptRun.parse("refconfig-check", REFCONFIG_CHECK_FAILED, "exit code 1");

        assertThat(run.passed()).containsExactly("chap-login-t1", "chap-wrong-secret-refused", "all-stopped");
        assertThat(run.failed()).containsExactly("nothing-left-on-n1: state-files:1",
                "nothing-left-on-n2: state-files:1", "refconfig-check exit code 1");
    }

    @Test
    void aTimedOutRunFailsEvenWhenEveryCheckItPrintedWasOk() {
        LabScriptRun run = LabScriptRun.parse("drain-check", DRAIN_CHECK_PASSED.subList(0, 3), "timed out after 300 s");

        assertThat(run.passed()).containsExactly("drain-exit");
        assertThat(run.failed()).containsExactly("drain-check timed out after 300 s");
    }

    @Test
    void onlyCheckLinesCountNotOtherLinesThatMentionChecks() {
        LabScriptRun run = LabScriptRun.parse("migrate-check", List.of(
                "  apply:   2. one cibadmin --replace --scope configuration (checked with crm_verify: passes):",
                "16:24:56 migrate-check: run files (perf logs, identities, apply output): /var/tmp/x",
                "check the log above",
                "check stock-rules-cleaned ok clean rc=0; no stock-shaped rule on either node",
                "check failover-moved ok ",
                "check io-after-failover FAILED "), null);

        assertThat(run.passed()).containsExactly("stock-rules-cleaned", "failover-moved");
        assertThat(run.failed()).containsExactly("io-after-failover: ");
    }

    @Test
    void theTailIsTheLastFortyLines() {
        List<String> output = IntStream.rangeClosed(1, 50).mapToObj(i -> "line " + i).toList();

        String tail = LabScriptRun.parse("drain-check", output, null).tail();

        assertThat(tail).startsWith("line 11\n").endsWith("\nline 50").doesNotContain("line 10\n");
    }
}
