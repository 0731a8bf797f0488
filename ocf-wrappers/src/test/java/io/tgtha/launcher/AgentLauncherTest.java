// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.launcher;

import io.tgtha.launcher.fixtures.BrokenAgents;
import io.tgtha.launcher.fixtures.ExampleAgent;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AgentLauncherTest {
    static final AgentCatalog FIXTURES = fixtures();

    static AgentCatalog fixtures() {
        Map<String, String> table = new LinkedHashMap<>();
        table.put("example", ExampleAgent.class.getName());
        table.put("missing", "io.tgtha.agent.nowhere.MissingAgent");
        table.put("metadata-throws", BrokenAgents.MetadataThrows.class.getName());
        table.put("constructor-throws", BrokenAgents.ConstructorThrows.class.getName());
        table.put("static-init-fails", BrokenAgents.StaticInitFails.class.getName());
        table.put("static-init-fails-with-reason", BrokenAgents.StaticInitFailsWithReason.class.getName());
        table.put("no-default-constructor", BrokenAgents.NoDefaultConstructor.class.getName());
        table.put("monitor-throws-error", BrokenAgents.MonitorThrowsError.class.getName());
        table.put("not-an-agent", BrokenAgents.NotAnAgent.class.getName());
        return new AgentCatalog(table);
    }

    @Test
    void noAgentNameIsErrArgsWithUsage() {
        Launch l = Launch.of(FIXTURES, Map.of());
        assertThat(l.rc()).isEqualTo(2);
        assertThat(l.stdout()).isEmpty();
        assertThat(l.stderr()).startsWith("ocf-exit-reason:").contains("example|missing");
    }

    @Test
    void unknownAgentIsNotInstalledAndNamesTheKnownOnes() {
        Launch l = Launch.of(FIXTURES, Map.of(), "portblok", "monitor");
        assertThat(l.rc()).isEqualTo(5);
        assertThat(l.stdout()).isEmpty();
        assertThat(l.exitReasonLines("ocf-exit-reason:")).isEqualTo(1);
        assertThat(l.stderr()).contains("unknown tgt-ha agent 'portblok'").contains("example, missing");
    }

    @Test
    void agentWhoseClassIsNotInTheJarIsNotInstalled() {
        Launch l = Launch.of(FIXTURES, Map.of(), "missing", "start");
        assertThat(l.rc()).isEqualTo(5);
        assertThat(l.stderr()).isEqualTo("ocf-exit-reason:tgt-ha agent 'missing' is not installed: "
                + "io.tgtha.agent.nowhere.MissingAgent is not in this tgtha.jar\n");
        assertThat(l.stdout()).isEmpty();
    }

    @Test
    void missingAgentIsNotInstalledEvenForMetaData() {
        // a static meta-data file is only installed for agents present, so this is the JVM path
        Launch l = Launch.of(FIXTURES, Map.of(), "missing", "meta-data");
        assertThat(l.rc()).isEqualTo(5);
        assertThat(l.stdout()).isEmpty();
    }

    @Test
    void agentNameWithControlCharactersStaysOnOneReasonLine() {
        Launch l = Launch.of(FIXTURES, Map.of(), "evil\nocf-exit-reason:forged\r\u2028", "monitor");
        assertThat(l.rc()).isEqualTo(5);
        assertThat(l.stderr().lines().count()).isEqualTo(1);
        assertThat(l.exitReasonLines("ocf-exit-reason:")).isEqualTo(1);
    }

    @Test
    void exitReasonPrefixFromTheEnvironmentIsUsed() {
        Launch l = Launch.of(FIXTURES, Map.of("OCF_EXIT_REASON_PREFIX", "REASON>"), "nope", "monitor");
        assertThat(l.stderr()).startsWith("REASON>unknown tgt-ha agent");
    }

    @Test
    void brokenAgentsEndWithGenericErrorAndOneLineWithoutStackTrace() {
        for (String name : new String[] {"metadata-throws", "constructor-throws", "static-init-fails",
                "no-default-constructor", "not-an-agent", "monitor-throws-error"}) {
            Launch l = Launch.of(FIXTURES, Map.of("OCF_RESKEY_name", "ok"), name, "monitor");
            assertThat(l.rc()).as(name).isEqualTo(1);
            assertThat(l.showsStackTrace()).as(name + ": " + l.stderr()).isFalse();
            assertThat(l.exitReasonLines("ocf-exit-reason:")).as(name).isEqualTo(1);
            assertThat(l.stderr().lines().count()).as(name + ": " + l.stderr()).isEqualTo(1);
            assertThat(l.stdout()).as(name).isEmpty();
        }
    }

    @Test
    void theReasonSaysWhatWentWrongInsideABrokenAgent() {
        assertThat(Launch.of(FIXTURES, Map.of(), "constructor-throws", "monitor").stderr())
                .contains("UnsupportedOperationException: cannot construct");
        assertThat(Launch.of(FIXTURES, Map.of(), "static-init-fails-with-reason", "monitor").stderr())
                .contains("failed to initialise").contains("NumberFormatException");
        assertThat(Launch.of(FIXTURES, Map.of(), "no-default-constructor", "monitor").stderr())
                .contains("no public no-argument constructor");
    }

    @Test
    void workingAgentIsDispatchedWithTheRestOfArgv() {
        Launch meta = Launch.of(FIXTURES, Map.of(), "example", "meta-data");
        assertThat(meta.rc()).isZero();
        assertThat(meta.stdout()).startsWith("<?xml").contains("<resource-agent name=\"example\"");
        assertThat(meta.stderr()).isEmpty();

        Launch unset = Launch.of(FIXTURES, Map.of(), "example", "validate-all");
        assertThat(unset.rc()).isEqualTo(6);
        assertThat(unset.stderr()).contains("name");

        Launch ok = Launch.of(FIXTURES, Map.of("OCF_RESKEY_name", "abc"), "example", "validate-all");
        assertThat(ok.rc()).isZero();
        assertThat(ok.stdout()).isEmpty();

        Launch monitor = Launch.of(FIXTURES, Map.of("OCF_RESKEY_name", "abc"), "example", "monitor");
        assertThat(monitor.rc()).isEqualTo(7);
    }

    @Test
    void presenceIsDecidedWithoutRunningStaticInitialisers() {
        assertThat(FIXTURES.presentNames()).containsExactly("example", "metadata-throws", "constructor-throws",
                "static-init-fails", "static-init-fails-with-reason", "no-default-constructor", "monitor-throws-error",
                "not-an-agent");
    }
}
