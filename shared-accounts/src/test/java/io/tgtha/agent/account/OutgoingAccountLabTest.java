// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgtha.agent.account.AgentHarness.Outcome;
import io.tgtha.agent.iscsitarget.TargetAgent;
import io.tgtha.testkit.IscsiUrl;
import io.tgtha.testkit.Lab;
import io.tgtha.tgt.Target;
import io.tgtha.tgt.TgtClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An outgoing (mutual CHAP) account from the clone, bound by the real target agent's
 * {@code outgoing_username}: libiscsi logs in with mutual CHAP when it is given the target's secret and
 * refuses the target when it is given a wrong one; the thorough monitor accepts the binding, and stop
 * keeps an account that a target binds as outgoing too.
 */
class OutgoingAccountLabTest {
    static final String IN_USER = "in-chap";
    static final String OUT_USER = "out-chap";
    static final String IQN = "iqn.2026-01.io.tgtha.ag:mutual";

    @TempDir
    Path dir;

    @BeforeAll
    static void lab() {
        Lab.requireRoot("tgtd", "tgtadm", "iscsi-inq");
    }

    Map<String, String> account(TwoNodeLab lab, String user, String secret, String direction) {
        Map<String, String> env = new HashMap<>();
        env.put("OCF_RESKEY_username", user);
        env.put("OCF_RESKEY_password", secret);
        env.put("OCF_RESKEY_direction", direction);
        env.put("OCF_RESKEY_tgt_control_port", Integer.toString(lab.port(0)));
        env.put("OCF_RESKEY_CRM_meta_interval", "120000");
        env.put("OCF_CHECK_LEVEL", "10");
        env.put("TGTHA_RUN_DIR", dir.resolve("run").toString());
        return env;
    }

    /**
     * libiscsi 1.19 asks the target to authenticate itself when LIBISCSI_CHAP_TARGET_USERNAME/PASSWORD are
     * set (in the environment, never on the command line), and drops the login when the target's answer
     * does not match that secret.
     */
    private static boolean mutualLogin(TwoNodeLab lab, String targetSecret) {
        IscsiUrl url = IscsiUrl.lun(lab.ip[0], IQN, 0); // LUN 0: tgtd's controller, every target has it
        Map<String, String> env = new HashMap<>(url.withChap(IN_USER, "Incoming-Secret-001").chapEnvironment());
        env.put("LIBISCSI_CHAP_TARGET_USERNAME", OUT_USER);
        env.put("LIBISCSI_CHAP_TARGET_PASSWORD", targetSecret);
        return lab.ini.exec(Duration.ofSeconds(20), env, "timeout", "-k", "1", "15", "iscsi-inq",
                url.renderWithoutCredentials()).ok();
    }

    @Test
    void anOutgoingAccountBoundByATargetIsAcceptedByTheThoroughMonitorAndKeptByStop() throws Exception {
        try (TwoNodeLab lab = TwoNodeLab.start(dir, 204)) {
            TgtClient tgt = lab.client(0);
            Map<String, String> in = account(lab, IN_USER, "Incoming-Secret-001", "incoming");
            Map<String, String> out = account(lab, OUT_USER, "Outgoing-Secret-002", "outgoing");
            assertThat(AgentProcess.run(in, "start").rc()).isZero();
            assertThat(AgentProcess.run(out, "start").rc()).isZero();

            Map<String, String> target = LabTargets.targetEnv(lab.port(0), 1, IQN, IN_USER);
            target.put("OCF_RESKEY_outgoing_username", OUT_USER);
            Outcome started = AgentHarness.run(new TargetAgent(), target, "start");
            assertThat(started.rc()).as(started.stderr()).isZero();
            Target t = tgt.showTargets().get(0);
            assertThat(t.incomingAccounts()).containsExactly(IN_USER);
            assertThat(t.outgoingAccount()).isEqualTo(OUT_USER);

            assertThat(mutualLogin(lab, "Outgoing-Secret-002")).as("the target proves the right secret").isTrue();
            assertThat(mutualLogin(lab, "Outgoing-Secret-999")).as("a target secret the initiator does not expect")
                    .isFalse();

            Outcome deepOut = AgentProcess.run(out, "monitor");
            assertThat(deepOut.rc()).isZero();
            assertThat(deepOut.stderr()).doesNotContain("configured as");
            // the same account declared incoming would be a mismatch worth a warning
            Map<String, String> wrong = new HashMap<>(out);
            wrong.put("OCF_RESKEY_direction", "incoming");
            Outcome mismatch = AgentProcess.run(wrong, "monitor");
            assertThat(mismatch.rc()).isZero();
            assertThat(mismatch.stderr()).contains("binds account out-chap as outgoing but the account is configured as incoming");

            Outcome kept = AgentProcess.run(out, "stop");
            assertThat(kept.rc()).isZero();
            assertThat(kept.stderr()).contains("NOT deleting it");
            assertThat(tgt.accounts()).contains(OUT_USER);
            assertThat(tgt.showTargets().get(0).outgoingAccount()).isEqualTo(OUT_USER);

            assertThat(AgentHarness.run(new TargetAgent(), target, "stop").rc()).isZero();
            assertThat(AgentProcess.run(out, "stop").rc()).isZero();
            assertThat(AgentProcess.run(in, "stop").rc()).isZero();
            assertThat(tgt.accounts()).isEmpty();
            assertThat(Files.list(dir.resolve("run/accounts/port-" + lab.port(0)))).isEmpty();
            lab.assertTgtdHealthy(0);
        }
    }
}
