// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.agent;

import io.tgtha.ocf.OcfEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AgentRunnerTest {
    record Outcome(int rc, String stdout, String stderr) { }

    static Outcome run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = new AgentRunner(new SampleAgent()).run(args, new OcfEnvironment(env),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Map<String, String> env(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @ParameterizedTest(name = "{0} with mode={1} -> {2}")
    @CsvSource({
            "start, ok, 0", "stop, ok, 0", "monitor, ok, 0", "status, ok, 0", "validate-all, ok, 0",
            "start, fail, 1", "stop, fail, 1", "monitor, not-running, 7",
            "start, crash, 1",
            "start, missing, 5", "validate-all, missing, 5", "stop, missing, 0",
            "start, bogus, 6", "validate-all, bogus, 6", "stop, bogus, 6",
    })
    void everyActionEndsWithTheRightExitCode(String action, String mode, int expected) {
        Outcome o = run(env("OCF_RESKEY_name", "x", "OCF_RESKEY_mode", mode,
                "OCF_RESKEY_CRM_meta_interval", "10000"), action);
        assertThat(o.rc()).isEqualTo(expected);
        assertThat(o.stdout()).isEmpty();
    }

    @Test
    void aProbeOfAResourceWhoseToolIsMissingSaysNotRunning() {
        Outcome o = run(env("OCF_RESKEY_name", "x", "OCF_RESKEY_mode", "missing"), "monitor");
        assertThat(o.rc()).isEqualTo(7);
    }

    @Test
    void aRecurringMonitorOfAResourceWhoseToolIsMissingIsNotInstalled() {
        Outcome o = run(env("OCF_RESKEY_name", "x", "OCF_RESKEY_mode", "missing",
                "OCF_RESKEY_CRM_meta_interval", "10000"), "monitor");
        assertThat(o.rc()).isEqualTo(5);
        assertThat(o.stderr()).contains("ocf-exit-reason:sampletool is not installed");
    }

    @Test
    void unknownActionIsUnimplementedWithAReason() {
        Outcome o = run(env("OCF_RESKEY_name", "x"), "promote");
        assertThat(o.rc()).isEqualTo(3);
        assertThat(o.stderr()).contains("ocf-exit-reason:action 'promote' is not implemented");
        assertThat(o.stdout()).isEmpty();
    }

    @Test
    void noActionIsAnArgumentError() {
        assertThat(run(env()).rc()).isEqualTo(2);
    }

    @Test
    void reloadAgentIsUnimplementedWithoutReloadableParameters() {
        Outcome o = run(env("OCF_RESKEY_name", "x", "OCF_RA_VERSION_MAJOR", "1", "OCF_RA_VERSION_MINOR", "1"),
                "reload-agent");
        assertThat(o.rc()).isEqualTo(3);
    }

    @Test
    void metaDataIsTheOnlyThingOnStdoutAndNeedsNoParameters() {
        Outcome o = run(env(), "meta-data");
        assertThat(o.rc()).isZero();
        assertThat(o.stdout()).startsWith("<?xml version=\"1.0\"?>").endsWith("</resource-agent>\n");
        assertThat(o.stderr()).isEmpty();
    }

    @Test
    void usageGoesToStdoutWithSuccess() {
        Outcome o = run(env(), "usage");
        assertThat(o.rc()).isZero();
        assertThat(o.stdout()).startsWith("usage: sample {start|stop|monitor");
    }

    @Test
    void missingRequiredParameterIsNotConfigured() {
        Outcome o = run(env(), "validate-all");
        assertThat(o.rc()).isEqualTo(6);
        assertThat(o.stderr()).contains("ocf-exit-reason:required parameter 'name' is not set");
    }

    @Test
    void emptyRequiredParameterIsReportedAsEmptyNotUnset() {
        Outcome o = run(env("OCF_RESKEY_name", ""), "validate-all");
        assertThat(o.rc()).isEqualTo(6);
        assertThat(o.stderr()).contains("required parameter 'name' is empty");
    }

    @Test
    void aBugBecomesGenericErrorWithOneReasonLineAndNoStackTrace() {
        Outcome o = run(env("OCF_RESKEY_name", "x", "OCF_RESKEY_mode", "crash"), "start");
        assertThat(o.rc()).isEqualTo(1);
        assertThat(o.stderr().lines().filter(l -> l.startsWith("ocf-exit-reason:")))
                .containsExactly("ocf-exit-reason:internal error in sample: IllegalStateException: bug?with two lines");
        assertThat(o.stderr()).doesNotContain("\tat ");
    }

    @Test
    void exitReasonPrefixFollowsTheEnvironment() {
        Outcome o = run(env("OCF_RESKEY_name", "x", "OCF_RESKEY_mode", "fail", "OCF_EXIT_REASON_PREFIX", "WHY:"),
                "start");
        assertThat(o.stderr()).contains("WHY:it failed on purpose");
    }

    @Test
    void secretParametersAreMaskedInLogLines() {
        Outcome o = run(env("OCF_RESKEY_name", "x", "OCF_RESKEY_password", "s3cr3t-pw"), "start");
        assertThat(o.rc()).isZero();
        assertThat(o.stderr()).contains("acting with password ********").doesNotContain("s3cr3t-pw");
    }

    @Test
    void deprecatedParameterNameIsHonouredWithAWarning() {
        Outcome o = run(env("OCF_RESKEY_name", "x", "OCF_RESKEY_old_mode", "fail"), "start");
        assertThat(o.rc()).isEqualTo(1);
        assertThat(o.stderr()).contains("parameter 'old_mode' is deprecated, use 'mode'");
    }

    /** A JVM that took long to start has less time left: Pacemaker's clock started at the fork. */
    @Test
    void timeSpentBeforeTheRunnerStartedCountsAgainstTheBudget() {
        Map<String, String> env = env("OCF_RESKEY_name", "x", "OCF_RESKEY_mode", "needs-time",
                "OCF_RESKEY_CRM_meta_timeout", "20000");
        PrintStream sink = new PrintStream(new ByteArrayOutputStream());
        int late = new AgentRunner(new SampleAgent()).countingFrom(java.time.Instant.now().minusSeconds(25))
                .run(new String[] {"start"}, new OcfEnvironment(env), sink, sink);
        int early = new AgentRunner(new SampleAgent()).countingFrom(java.time.Instant.now().minusSeconds(2))
                .run(new String[] {"start"}, new OcfEnvironment(env), sink, sink);
        assertThat(late).isEqualTo(1);
        assertThat(early).isZero();
    }

    @Test
    void budgetLeavesAMarginBeforePacemakersTimeout() {
        var budget = AgentRunner.budget(new OcfEnvironment(env("OCF_RESKEY_CRM_meta_timeout", "20000")),
                SampleAgent.META, io.tgtha.ocf.OcfAction.STOP);
        assertThat(budget.toMillis()).isBetween(18_000L, 19_500L);
        var fromMeta = AgentRunner.budget(new OcfEnvironment(env()), SampleAgent.META, io.tgtha.ocf.OcfAction.START);
        assertThat(fromMeta.toMillis()).isBetween(18_000L, 19_500L);
    }
}
