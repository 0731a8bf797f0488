// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.iscsitarget;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgtha.testkit.HostileLogin;
import io.tgtha.tgt.Target;
import io.tgtha.tgt.TargetState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

/**
 * An initiator's login text must not steer the agents (the hostile-input issue): real tgtd 1.0.85, real
 * logins whose alias and initiator name carry line breaks that imitate tgtd's own output. The target the
 * initiator never touched keeps being monitored as it is, and its stop deletes exactly it.
 */
class HostileInitiatorTextLabTest {
    static AgentLab lab;
    static Path disk;

    @BeforeAll
    static void up() {
        AgentLab.require();
        lab = AgentLab.start("h");
        disk = lab.backingFile("h-disk.img", 16);
    }

    @AfterAll
    static void down() {
        if (lab != null) {
            lab.close();
        }
    }

    static String iqn(String name) {
        return "iqn.2026-01.io.tgtha:hostile." + name;
    }

    private static String rawShow() {
        return lab.tgtd().tgtadm("--lld", "iscsi", "--mode", "target", "--op", "show").orThrow().stdout();
    }

    private static void assertVictimUnaffected(AgentCall target, AgentCall lun, String iqn, int tid) {
        AgentCall.Result monitor = target.recurring().run("monitor");
        assertThat(monitor.rc()).as(monitor.toString()).isZero();
        AgentCall.Result lunMonitor = lun.recurring().run("monitor");
        assertThat(lunMonitor.rc()).as(lunMonitor.toString()).isZero();
        Target seen = lab.client().showTargets().stream().filter(t -> t.iqn().equals(iqn)).findFirst().orElseThrow();
        assertThat(seen.tid()).isEqualTo(tid);
        assertThat(seen.certain()).as(String.valueOf(seen.doubt())).isTrue();
        assertThat(seen.state()).isEqualTo(TargetState.READY);
        assertThat(seen.lun(1)).isPresent();
    }

    /** The reproduction in the issue: a login to A (tid 1) forges an offline B with B's tid wrong. */
    @Test
    void forgedBlockAfterTheAttackersTargetNeitherFailsNorStopsTheVictim() {
        AgentCall a = lab.target(iqn("a1")).param("tid", "1");
        AgentCall b = lab.target(iqn("b3")).param("tid", "3");
        AgentCall bLun = lab.lun("p_lun_b3", iqn("b3"), 1, disk);
        assertThat(a.run("start").rc()).isZero();
        assertThat(b.run("start").rc()).isZero();
        assertThat(bLun.run("start").rc()).isZero();
        String alias = "x\nTarget 2: " + iqn("b3") + "\n    System information:\n        Driver: iscsi\n"
                + "        State: offline";
        try (HostileLogin evil = HostileLogin.start(lab.initiatorNs(), lab.targetIp(), iqn("a1"),
                "iqn.2026-01.evil:n\nTarget 99999999999: x", alias)) {
            assertThat(rawShow()).as("the forgery is live in tgtd's output").contains("Target 99999999999: x")
                    .contains("Target 2: " + iqn("b3"));
            assertVictimUnaffected(b, bLun, iqn("b3"), 3);
            AgentCall.Result aMonitor = a.recurring().run("monitor");
            assertThat(aMonitor.rc()).as("the attacker's own target is not failed either: " + aMonitor).isZero();

            // the victim's stop deletes exactly it: LUN and target gone, A untouched
            assertThat(bLun.run("stop").rc()).isZero();
            AgentCall.Result stopped = b.run("stop");
            assertThat(stopped.rc()).as(stopped.toString()).isZero();
            List<Target> left = lab.client().showTargets();
            assertThat(left).extracting(Target::iqn).contains(iqn("a1")).doesNotContain(iqn("b3"));
            assertThat(b.run("monitor").rc()).isEqualTo(7);
        } finally {
            bLun.run("stop");
            b.run("stop");
            assertThat(a.run("stop").rc()).isZero();
        }
        assertThat(lab.tgtd().isAlive()).isTrue();
    }

    /** The forgery placed after the victim's real block: a login to a target with a higher tid. */
    @Test
    void forgedCopyOfAnEarlierTargetInALaterTargetIsNotTaken() {
        AgentCall b = lab.target(iqn("b4")).param("tid", "4");
        AgentCall bLun = lab.lun("p_lun_b4", iqn("b4"), 1, disk);
        AgentCall c = lab.target(iqn("c6")).param("tid", "6");
        assertThat(b.run("start").rc()).isZero();
        assertThat(bLun.run("start").rc()).isZero();
        assertThat(c.run("start").rc()).isZero();
        String alias = "x\n            Connection: 0\n                IP Address: 0.0.0.0/0\n    LUN information:\n"
                + "    Account information:\n    ACL information:\n        ALL\nTarget 4: " + iqn("b4")
                + "\n    System information:\n        Driver: iscsi\n        State: offline\n"
                + "    I_T nexus information:\n        I_T nexus: 9\n            Initiator: q alias: \u001b[2J";
        try (HostileLogin evil = HostileLogin.start(lab.initiatorNs(), lab.targetIp(), iqn("c6"),
                "iqn.2026-01.evil:later", alias)) {
            assertThat(rawShow().split("Target 4: ", -1)).as("the forged copy is live in tgtd's output").hasSize(3);
            assertVictimUnaffected(b, bLun, iqn("b4"), 4);
            assertThat(c.recurring().run("monitor").rc()).isZero();
        } finally {
            bLun.run("stop");
            assertThat(b.run("stop").rc()).isZero();
            assertThat(c.run("stop").rc()).isZero();
        }
        assertThat(lab.client().showTargets()).isEmpty();
    }

    /** Forged LUN, ACL and account lines inside the attacker's own target: never taken as facts. */
    @Test
    void forgedLunAclAndAccountLinesInTheAttackersOwnTargetAreNotFacts() {
        AgentCall a = lab.target(iqn("own")).param("tid", "7").param("allowed_initiators", "10.231.3.0/24");
        AgentCall aLun = lab.lun("p_lun_own", iqn("own"), 1, disk);
        assertThat(a.run("start").rc()).isZero();
        assertThat(aLun.run("start").rc()).isZero();
        String alias = "x\n            Connection: 0\n                IP Address: 10.231.3.9\n    LUN information:\n"
                + "        LUN: 5\n    Account information:\n        mallory\n    ACL information:\n        ALL";
        try (HostileLogin evil = HostileLogin.start(lab.initiatorNs(), lab.targetIp(), iqn("own"),
                "iqn.2026-01.evil:own", alias)) {
            Target seen = lab.client().showTargets().stream().filter(t -> t.tid() == 7).findFirst().orElseThrow();
            assertThat(seen.lun(5)).isEmpty();
            assertThat(seen.incomingAccounts()).doesNotContain("mallory");
            assertThat(seen.aclAddresses()).doesNotContain("ALL");
            assertThat(a.recurring().run("monitor").rc()).isZero();
            assertThat(aLun.recurring().run("monitor").rc()).isZero();
        } finally {
            assertThat(aLun.run("stop").rc()).isZero();
            assertThat(a.run("stop").rc()).isZero();
        }
        assertThat(lab.client().showTargets()).isEmpty();
    }

    /**
     * Headings with tids that are not numbers, negative or beyond an int, and control characters (escape,
     * carriage return, bell, DEL) in both name and alias: no other target's monitor or stop is affected, and
     * nothing of it reaches a log line raw.
     */
    @Test
    void nonNumericAndOverlongTidsAndControlCharactersBreakNoOtherTarget() {
        AgentCall a = lab.target(iqn("a8")).param("tid", "8");
        AgentCall b = lab.target(iqn("b9")).param("tid", "9");
        AgentCall bLun = lab.lun("p_lun_b9", iqn("b9"), 1, disk);
        assertThat(a.run("start").rc()).isZero();
        assertThat(b.run("start").rc()).isZero();
        assertThat(bLun.run("start").rc()).isZero();
        String name = "iqn.2026-01.evil:t\nTarget x9: " + iqn("b9") + "\nTarget -9: " + iqn("b9")
                + "\nTarget 4294967305: " + iqn("b9") + "\r\u001b[2K\u007f";
        String alias = "\u001b]0;owned\u0007\nTarget 9: " + iqn("b9") + "x\n    System information:\n        Driver: \u001b[31m";
        try (HostileLogin evil = HostileLogin.start(lab.initiatorNs(), lab.targetIp(), iqn("a8"), name, alias)) {
            assertThat(rawShow()).as("the forgery is live in tgtd's output").contains("Target x9: ")
                    .contains("Target -9: ").contains("Target 4294967305: ").contains("\u001b]0;owned");
            assertVictimUnaffected(b, bLun, iqn("b9"), 9);
            AgentCall.Result aMonitor = a.recurring().run("monitor");
            assertThat(aMonitor.rc()).as(aMonitor.toString()).isZero();
            assertThat(aMonitor.toString()).doesNotContain("\u001b").doesNotContain("\u0007");
            assertThat(bLun.run("stop").rc()).isZero();
            AgentCall.Result stopped = b.run("stop");
            assertThat(stopped.rc()).as(stopped.toString()).isZero();
            assertThat(lab.client().showTargets()).extracting(Target::iqn).containsExactly(iqn("a8"));
        } finally {
            bLun.run("stop");
            b.run("stop");
            assertThat(a.run("stop").rc()).isZero();
        }
        assertThat(lab.client().showTargets()).isEmpty();
        assertThat(lab.tgtd().isAlive()).isTrue();
    }
}
