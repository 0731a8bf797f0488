// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgtha.agent.account.AgentHarness.Outcome;
import io.tgtha.testkit.Lab;
import io.tgtha.testkit.SyslogStandIn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log paths Pacemaker really uses, which no test ran (issue 18.5): with {@code HA_LOGFACILITY} set, ocf_log's way is
 * syslog through {@code logger}, and {@code OCF_TRACE_RA=1} writes a trace file. The account agent runs as its own JVM
 * against a real tgtd; {@code logger} is the real util-linux one, pointed at a socket this test reads
 * ({@link SyslogStandIn}). Its lines arrive there with the agent's tag and facility,
 * nothing goes to stderr instead, and neither the syslog messages, logger's command lines nor the trace hold the secret.
 */
class SyslogAndTracePathsNeverCarryTheSecretLabTest {
    static final String SECRET = "Never-In-Syslog-4242";

    @TempDir
    Path dir;

    @BeforeAll
    static void lab() {
        Lab.requireRoot("tgtd", "tgtadm", "logger");
    }

    @Test
    void syslogLinesCarryTheAgentsTagAndNoSecretAndTheTraceHoldsNoSecret() throws Exception {
        Path trace = dir.resolve("trace");
        List<Outcome> outcomes = new ArrayList<>();
        try (SyslogStandIn syslog = SyslogStandIn.start(dir); TwoNodeLab lab = TwoNodeLab.start(dir, 228)) {
            Map<String, String> env = new HashMap<>();
            env.put("OCF_RESKEY_username", "sysloguser");
            env.put("OCF_RESKEY_password", SECRET);
            env.put("OCF_RESKEY_tgt_control_port", Integer.toString(lab.port(0)));
            env.put("OCF_RESOURCE_INSTANCE", "p_syslog");
            env.put("TGTHA_RUN_DIR", dir.resolve("run").toString());
            env.put("HA_LOGFACILITY", "daemon");
            env.put("PATH", syslog.path());
            for (String action : List.of("start", "monitor", "stop")) {
                Outcome o = AgentProcess.run(env, action);
                assertThat(o.rc()).as(action + ": " + o.stderr()).isZero();
                outcomes.add(o);
            }
            Map<String, String> traced = new HashMap<>(env);
            traced.put("OCF_TRACE_RA", "1");
            traced.put("OCF_TRACE_FILE", trace.toString());
            Outcome t = AgentProcess.run(traced, "start");
            assertThat(t.rc()).as(t.stderr()).isZero();
            outcomes.add(t);
            outcomes.add(AgentProcess.run(env, "stop"));

            syslog.await("created account sysloguser", Duration.ofSeconds(10));
            String all = String.join("\n", syslog.messages());
            // <30> is daemon.info (3 * 8 + 6); the tag is ocf_log's type(instance)[pid]
            assertThat(syslog.messages()).as(all).anySatisfy(m -> assertThat(m)
                    .startsWith("<30>").contains("account(p_syslog)[").contains("created account sysloguser"));
            assertThat(syslog.argv()).as("logger's command lines").isNotEmpty()
                    .allMatch(l -> l.matches("-t account\\(p_syslog\\)\\[\\d+] -p daemon\\.(info|warning|err|crit)"));
            assertThat(all).doesNotContain(SECRET);
            assertThat(String.join("\n", syslog.argv())).doesNotContain(SECRET);
        }
        assertThat(outcomes).allSatisfy(o -> assertThat(o.all()).doesNotContain(SECRET)
                .as("with a facility the lines go to syslog, not stderr").doesNotContain("created account"));
        String traceText = Files.readString(trace);
        assertThat(traceText).contains("INFO: created account sysloguser").doesNotContain(SECRET);
    }
}
