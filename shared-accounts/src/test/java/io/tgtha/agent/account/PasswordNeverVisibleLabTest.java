// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgtha.agent.account.AgentHarness.Outcome;
import io.tgtha.testkit.Lab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CHAP secret never shows on any process's command line while the account agent creates
 * accounts against a real tgtd (sampled from /proc by a tight loop, as ps would), and never in the
 * agent's log file, stderr or stdout, even with debug logging on. The secret really reaches tgtd: a
 * CHAP login with it works.
 */
class PasswordNeverVisibleLabTest {
    static final String SECRET = "Never-On-A-Cmdline-7788";
    static final String FILE_SECRET = "Never-In-A-Log-9911";
    static final String CONTROL_SECRET = "Control-Visible-5566";

    @TempDir
    Path dir;

    @BeforeAll
    static void lab() {
        Lab.requireRoot("tgtd", "tgtadm", "iscsi-inq");
    }

    Map<String, String> env(TwoNodeLab lab, String user) {
        Map<String, String> env = new HashMap<>();
        env.put("OCF_RESKEY_username", user);
        env.put("OCF_RESKEY_tgt_control_port", Integer.toString(lab.port(0)));
        env.put("OCF_RESOURCE_INSTANCE", user);
        env.put("OCF_RESKEY_CRM_meta_interval", "30000");
        env.put("TGTHA_RUN_DIR", dir.resolve("run").toString());
        env.put("HA_LOGFILE", dir.resolve("agent.log").toString());
        env.put("HA_DEBUGLOG", dir.resolve("agent-debug.log").toString());
        env.put("HA_debug", "1");
        return env;
    }

    @Test
    void theSecretIsNeverOnACommandLineNorInAnyLog() throws Exception {
        Path secretFile = dir.resolve("chap.secret");
        Files.writeString(secretFile, FILE_SECRET + "\n");
        Files.setPosixFilePermissions(secretFile, PosixFilePermissions.fromString("r--------"));
        List<Outcome> outcomes = new ArrayList<>();
        try (TwoNodeLab lab = TwoNodeLab.start(dir, 156)) {
            try (ProcCmdlineSampler sampler = new ProcCmdlineSampler(List.of(SECRET, FILE_SECRET),
                    List.of(AccountAgent.class.getName()))) {
                for (int i = 1; i <= 4; i++) {
                    Map<String, String> e = env(lab, "user" + i);
                    if (i % 2 == 0) {
                        e.put("OCF_RESKEY_password_file", secretFile.toString());
                    } else {
                        e.put("OCF_RESKEY_password", SECRET);
                    }
                    for (String action : List.of("validate-all", "start", "start", "monitor")) {
                        Outcome o = AgentProcess.run(e, action);
                        assertThat(o.rc()).as(action + " user" + i + ": " + o.stderr()).isZero();
                        outcomes.add(o);
                    }
                    Map<String, String> deep = new HashMap<>(e);
                    deep.put("OCF_CHECK_LEVEL", "10");
                    outcomes.add(AgentProcess.run(deep, "monitor"));
                }
                // a changed secret (the file's) for user1 re-creates the unbound account
                Map<String, String> changed = env(lab, "user1");
                changed.put("OCF_RESKEY_password_file", secretFile.toString());
                outcomes.add(AgentProcess.run(changed, "start"));
                assertThat(outcomes.get(outcomes.size() - 1).rc()).isZero();

                assertThat(sampler.markersSeen()).as("the sampler ran while the agent did")
                        .contains(AccountAgent.class.getName());
                assertThat(sampler.passes()).isGreaterThan(50);
                assertThat(sampler.hits()).as("command lines showing a secret").isEmpty();
            }
            assertThat(lab.client(0).accounts()).containsExactlyInAnyOrder("user1", "user2", "user3", "user4");

            // the secrets did reach tgtd
            LabTargets.start(lab.client(0), 1, "iqn.2026-01.io.tgtha.ag:pw1", lab.backingFile("pw1.img"), "user1");
            LabTargets.start(lab.client(0), 2, "iqn.2026-01.io.tgtha.ag:pw3", lab.backingFile("pw3.img"), "user3");
            assertThat(lab.canLogin(0, "iqn.2026-01.io.tgtha.ag:pw1", "user1", FILE_SECRET)).isTrue();
            assertThat(lab.canLogin(0, "iqn.2026-01.io.tgtha.ag:pw3", "user3", SECRET)).isTrue();
            assertThat(lab.canLogin(0, "iqn.2026-01.io.tgtha.ag:pw3", "user3", FILE_SECRET)).isFalse();

            for (int i = 1; i <= 4; i++) {
                Map<String, String> e = env(lab, "user" + i);
                outcomes.add(AgentProcess.run(e, "stop"));
            }
            assertThat(lab.client(0).accounts()).containsExactlyInAnyOrder("user1", "user3");
            assertThat(lab.tgtd[0].logText()).doesNotContain(SECRET).doesNotContain(FILE_SECRET);

            // control: the sampler does catch a secret on a command line, as tgtadm (the stock agent's
            // way) puts it there
            try (ProcCmdlineSampler control = new ProcCmdlineSampler(List.of(CONTROL_SECRET), List.of())) {
                for (int attempt = 0; attempt < 200 && control.hits().isEmpty(); attempt++) {
                    lab.tgtd[0].tgtadm("--lld", "iscsi", "--op", "new", "--mode", "account", "--user",
                            "control" + attempt, "--password", CONTROL_SECRET);
                }
                assertThat(control.hits()).as("tgtadm's argv holds the secret").isNotEmpty();
            }
        }
        String agentLog = Files.readString(dir.resolve("agent.log"));
        String debugLog = Files.readString(dir.resolve("agent-debug.log"));
        assertThat(agentLog).contains("created account user1").contains("re-created it");
        assertThat(debugLog).isNotEmpty();
        for (String text : List.of(agentLog, debugLog)) {
            assertThat(text).doesNotContain(SECRET).doesNotContain(FILE_SECRET);
        }
        for (Outcome o : outcomes) {
            assertThat(o.all()).doesNotContain(SECRET).doesNotContain(FILE_SECRET);
        }
    }
}
