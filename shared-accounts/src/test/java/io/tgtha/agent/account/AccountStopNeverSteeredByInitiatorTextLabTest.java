// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgtha.agent.account.AgentHarness.Outcome;
import io.tgtha.testkit.HostileLogin;
import io.tgtha.testkit.Lab;
import io.tgtha.tgt.AccountDirection;
import io.tgtha.tgt.LunSpec;
import io.tgtha.tgt.Target;
import io.tgtha.tgt.TgtClient;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, for the account agent: an initiator logged in to target A imitates, in its alias, target B's
 * block without B's account. A reader that took the first copy of B's heading would see no binding, and the
 * account agent's stop would delete the account from under B, which then admits logins without CHAP. Real
 * tgtd 1.0.85, a real hostile login (libiscsi through the testkit's probe), the agent as its own JVM.
 */
class AccountStopNeverSteeredByInitiatorTextLabTest {
    static final String USER = "steer-chap";
    static final String SECRET = "Steer-Secret-0123456";
    static final String A = "iqn.2026-01.io.tgtha.ag:steer-a";
    static final String B = "iqn.2026-01.io.tgtha.ag:steer-b";

    @TempDir
    Path dir;

    @BeforeAll
    static void lab() {
        Lab.requireRoot("tgtd", "tgtadm", "iscsi-inq", "gcc");
    }

    @Test
    void anImitatedBlockOfTheBoundTargetDoesNotLetTheStopDeleteTheAccount() throws Exception {
        try (TwoNodeLab lab = TwoNodeLab.start(dir, 228)) {
            TgtClient tgt = lab.client(0);
            Map<String, String> acc = new HashMap<>();
            acc.put("OCF_RESKEY_username", USER);
            acc.put("OCF_RESKEY_password", SECRET);
            acc.put("OCF_RESKEY_tgt_control_port", Integer.toString(lab.port(0)));
            acc.put("OCF_RESKEY_CRM_meta_timeout", "20000");
            assertThat(AgentProcess.run(acc, "start").rc()).isZero();
            tgt.createTarget(1, A);
            tgt.createLun(1, 1, LunSpec.disk(lab.backingFile("steer-a.img").toString()));
            tgt.bindInitiatorAddress(1, "ALL");
            tgt.createTarget(2, B);
            tgt.createLun(2, 1, LunSpec.disk(lab.backingFile("steer-b.img").toString()));
            tgt.bindAccount(2, USER, AccountDirection.INCOMING);
            tgt.bindInitiatorAddress(2, "ALL");

            String alias = "x\nTarget 2: " + B + "\n    System information:\n        Driver: iscsi\n        State: ready\n"
                    + "    I_T nexus information:\n    LUN information:\n    ACL information:\n        ALL";
            try (HostileLogin evil = HostileLogin.start(lab.ini, lab.ip[0], A, "iqn.2026-01.evil:steer", alias)) {
                String raw = lab.tgtd[0].tgtadm("--op", "show", "--mode", "target").orThrow().stdout();
                assertThat(raw.indexOf("Target 2: " + B)).as("the imitation comes first in tgtd's output")
                        .isLessThan(raw.lastIndexOf("Target 2: " + B));
                Target b = tgt.showTargets().stream().filter(t -> t.tid() == 2).findFirst().orElseThrow();
                assertThat(b.certain()).as(String.valueOf(b.doubt())).isTrue();
                assertThat(b.incomingAccounts()).containsExactly(USER);

                assertThat(AgentProcess.run(acc, "monitor").rc()).isZero();
                Outcome stopped = AgentProcess.run(acc, "stop");
                assertThat(stopped.rc()).as(stopped.stderr()).isZero();
                assertThat(stopped.stderr()).contains("NOT deleting it");
                assertThat(tgt.accounts()).containsExactly(USER);
                assertThat(lab.canLogin(0, B, null, null)).as("B without CHAP").isFalse();
                assertThat(lab.canLogin(0, B, USER, SECRET)).as("B with its account").isTrue();
            }
            lab.assertTgtdHealthy(0);
        }
    }
}
