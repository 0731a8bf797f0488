// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgtha.agent.account.AgentHarness.Outcome;
import io.tgtha.testkit.Lab;
import io.tgtha.tgt.TgtClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4's shared-CHAP guarantee against two real tgtds: six targets (three per node) bound to one
 * account that the account agent (a separate JVM, as Pacemaker runs it) created on each node.
 * Stopping a target, or moving it to the other node, never leaves any other target accepting a
 * login without CHAP or with a wrong secret; stopping the account agent while targets are still
 * bound keeps the account; tgtd never crashes.
 */
class SharedAccountSixTargetsLabTest {
    static final String USER = "shared-chap";
    static final String SECRET = "Lab-Secret-6targets-42";
    static final String WRONG = "Lab-Secret-6targets-43";

    @TempDir
    Path dir;

    /** iqn -> {node, tid} of the targets that are up. */
    final Map<String, int[]> up = new LinkedHashMap<>();

    @BeforeAll
    static void lab() {
        Lab.requireRoot("tgtd", "tgtadm", "iscsi-inq");
    }

    static String iqn(int vol) {
        return "iqn.2026-01.io.tgtha.ag:vol" + vol;
    }

    Map<String, String> agentEnv(TwoNodeLab lab, int node, Path secretFile) {
        Map<String, String> env = new HashMap<>();
        env.put("OCF_RESKEY_username", USER);
        env.put("OCF_RESKEY_password_file", secretFile.toString());
        env.put("OCF_RESKEY_tgt_control_port", Integer.toString(lab.port(node)));
        env.put("OCF_RESOURCE_INSTANCE", "shared-chap:" + node);
        env.put("OCF_RESKEY_CRM_meta_clone_max", "2");
        env.put("OCF_RESKEY_CRM_meta_interval", "30000");
        env.put("TGTHA_RUN_DIR", dir.resolve("run-node" + node).toString());
        env.put("HA_LOGFILE", dir.resolve("agent.log").toString());
        return env;
    }

    void assertChapOnEveryTarget(TwoNodeLab lab, String when) {
        List<String> problems = new ArrayList<>();
        up.forEach((iqn, where) -> {
            if (!lab.canLogin(where[0], iqn, USER, SECRET)) {
                problems.add(iqn + " refuses the right secret");
            }
            if (lab.canLogin(where[0], iqn, USER, WRONG)) {
                problems.add(iqn + " ACCEPTS A WRONG SECRET");
            }
            if (lab.canLogin(where[0], iqn, null, null)) {
                problems.add(iqn + " ACCEPTS A LOGIN WITHOUT CHAP");
            }
        });
        assertThat(problems).as(when).isEmpty();
        lab.assertTgtdHealthy(0);
        lab.assertTgtdHealthy(1);
    }

    void startTarget(TwoNodeLab lab, int node, int tid, int vol) throws Exception {
        Path backing = dir.resolve("vol" + vol + ".img");
        if (!Files.exists(backing)) {
            lab.backingFile("vol" + vol + ".img");
        }
        LabTargets.start(lab.client(node), tid, iqn(vol), backing, USER);
        up.put(iqn(vol), new int[] {node, tid});
    }

    void stopTarget(TwoNodeLab lab, int vol) {
        int[] where = up.remove(iqn(vol));
        LabTargets.stop(lab.client(where[0]), where[1]);
    }

    @Test
    void sixTargetsShareOneAccountAndNoStopOrMoveEverLeavesATargetWithoutChap() throws Exception {
        Path secretFile = dir.resolve("chap.secret");
        Files.writeString(secretFile, SECRET + "\n");
        Files.setPosixFilePermissions(secretFile, PosixFilePermissions.fromString("rw-------"));
        try (TwoNodeLab lab = TwoNodeLab.start(dir, 132)) {
            long[] pids = {lab.tgtd[0].pid(), lab.tgtd[1].pid()};
            for (int node = 0; node < 2; node++) {
                Outcome start = AgentProcess.run(agentEnv(lab, node, secretFile), "start");
                assertThat(start.rc()).as(start.stderr()).isZero();
                assertThat(lab.client(node).accounts()).containsExactly(USER);
            }
            for (int vol = 1; vol <= 6; vol++) {
                int node = vol <= 3 ? 0 : 1;
                startTarget(lab, node, vol - 3 * node, vol);
            }
            assertThat(up).hasSize(6);
            assertChapOnEveryTarget(lab, "six targets up");

            stopTarget(lab, 1);
            assertChapOnEveryTarget(lab, "after stopping vol1 on node1");
            stopTarget(lab, 6);
            assertChapOnEveryTarget(lab, "after stopping vol6 on node2");

            // move vol2 node1 -> node2 and vol4 node2 -> node1 (stop on one, start on the other)
            stopTarget(lab, 2);
            assertChapOnEveryTarget(lab, "vol2 stopped on node1, not yet started on node2");
            startTarget(lab, 1, 7, 2);
            assertChapOnEveryTarget(lab, "vol2 moved to node2");
            stopTarget(lab, 4);
            startTarget(lab, 0, 8, 4);
            assertChapOnEveryTarget(lab, "vol4 moved to node1");

            // the account clone instance on node1 stops while vol3 and vol4 still bind the account
            Outcome stop = AgentProcess.run(agentEnv(lab, 0, secretFile), "stop");
            assertThat(stop.rc()).as(stop.stderr()).isZero();
            assertThat(Files.readString(dir.resolve("agent.log"))).contains("NOT deleting it");
            assertThat(lab.client(0).accounts()).containsExactly(USER);
            assertThat(AgentProcess.run(agentEnv(lab, 0, secretFile), "monitor").rc()).isZero();
            assertChapOnEveryTarget(lab, "after the account agent's stop on node1 with targets still bound");

            // once the targets are gone (the ordering stops them first) stop deletes the account
            stopTarget(lab, 3);
            stopTarget(lab, 4);
            Outcome stopAgain = AgentProcess.run(agentEnv(lab, 0, secretFile), "stop");
            assertThat(stopAgain.rc()).as(stopAgain.stderr()).isZero();
            assertThat(lab.client(0).accounts()).isEmpty();
            assertThat(AgentProcess.run(agentEnv(lab, 0, secretFile), "monitor").rc()).isEqualTo(7);
            assertChapOnEveryTarget(lab, "node1 empty, node2 still serving");

            // control: the checker does see the hazard. Deleting the account by hand (what the stock
            // iSCSITarget's stop does) leaves the targets that bound it open to logins without CHAP.
            lab.client(1).deleteAccount(USER);
            assertThat(lab.canLogin(1, iqn(5), null, null)).as("vol5 without its account").isTrue();

            assertThat(lab.tgtd[0].pid()).isEqualTo(pids[0]);
            assertThat(lab.tgtd[1].pid()).isEqualTo(pids[1]);
            assertThat(lab.tgtd[0].isAlive() && lab.tgtd[1].isAlive()).isTrue();
        }
    }

    @Test
    void aPasswordChangeIsRefusedWhileTargetsAreBoundAndAppliedOnceTheyAreGone() throws Exception {
        try (TwoNodeLab lab = TwoNodeLab.start(dir, 140)) {
            Map<String, String> env = agentEnv(lab, 0, dir.resolve("unused"));
            env.remove("OCF_RESKEY_password_file");
            env.put("OCF_RESKEY_password", SECRET);
            assertThat(AgentProcess.run(env, "start").rc()).isZero();
            startTarget(lab, 0, 1, 1);
            assertChapOnEveryTarget(lab, "one target");

            env.put("OCF_RESKEY_password", WRONG);
            Outcome changed = AgentProcess.run(env, "start");
            assertThat(changed.rc()).isEqualTo(1);
            assertThat(changed.stderr()).contains("different secret").contains("stop those targets first")
                    .doesNotContain(SECRET).doesNotContain(WRONG);
            assertChapOnEveryTarget(lab, "after the refused change: the old secret still works");

            stopTarget(lab, 1);
            assertThat(AgentProcess.run(env, "stop").rc()).isZero();
            assertThat(AgentProcess.run(env, "start").rc()).isZero();
            LabTargets.start(lab.client(0), 2, iqn(2), lab.backingFile("vol2.img"), USER);
            assertThat(lab.canLogin(0, iqn(2), USER, WRONG)).as("new secret").isTrue();
            assertThat(lab.canLogin(0, iqn(2), USER, SECRET)).as("old secret").isFalse();
            assertThat(lab.canLogin(0, iqn(2), null, null)).as("no CHAP").isFalse();
            lab.assertTgtdHealthy(0);
        }
    }

    @Test
    void discoveryBindingRequiresChapForSendTargetsAndIsRemovedWithoutCrashingTgtd() throws Exception {
        try (TwoNodeLab lab = TwoNodeLab.start(dir, 148)) {
            TgtClient tgt = lab.client(0);
            // a second discovery account bound AFTER ours: removing ours must not leave a hole
            Map<String, String> env = agentEnv(lab, 0, dir.resolve("unused"));
            env.remove("OCF_RESKEY_password_file");
            env.put("OCF_RESKEY_password", SECRET);
            env.put("OCF_RESKEY_discovery", "true");
            assertThat(AgentProcess.run(env, "start").rc()).isZero();
            Map<String, String> other = new HashMap<>(env);
            other.put("OCF_RESKEY_username", "other-chap");
            other.put("OCF_RESOURCE_INSTANCE", "other-chap:0");
            assertThat(AgentProcess.run(other, "start").rc()).isZero();
            assertThat(tgt.discoveryAccounts().incoming()).containsExactly(USER, "other-chap");
            startTarget(lab, 0, 1, 1);

            io.tgtha.testkit.IscsiUrl portal = io.tgtha.testkit.IscsiUrl.portal(lab.ip[0]);
            assertThat(lab.initiator().ls(portal, TwoNodeLab.T).ok()).as("discovery without CHAP").isFalse();
            var ls = lab.initiator().ls(portal.withChap(USER, SECRET), TwoNodeLab.T);
            assertThat(ls.ok()).as(ls.describe()).isTrue();
            assertThat(ls.stdout()).contains(iqn(1));

            Map<String, String> deep = new HashMap<>(env);
            deep.put("OCF_CHECK_LEVEL", "10");
            assertThat(AgentProcess.run(deep, "monitor").rc()).isZero();

            stopTarget(lab, 1);
            assertThat(AgentProcess.run(env, "stop").rc()).isZero();
            lab.assertTgtdHealthy(0);
            assertThat(tgt.discoveryAccounts().incoming()).containsExactly("other-chap");
            assertThat(tgt.accounts()).containsExactly("other-chap");
            assertThat(AgentProcess.run(other, "stop").rc()).isZero();
            lab.assertTgtdHealthy(0);
            assertThat(tgt.accounts()).isEmpty();
        }
    }
}
