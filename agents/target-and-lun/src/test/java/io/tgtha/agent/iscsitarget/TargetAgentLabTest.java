// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.iscsitarget;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgtha.testkit.ExecResult;
import io.tgtha.testkit.IscsiUrl;
import io.tgtha.tgt.AccountDirection;
import io.tgtha.tgt.Target;
import io.tgtha.tgt.TgtClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

/** ocf:tgtha:target (with ocf:tgtha:lun for a LUN to log in to) against a real tgtd in a namespace. */
class TargetAgentLabTest {
    static AgentLab lab;
    static Path disk;

    @BeforeAll
    static void up() {
        AgentLab.require();
        lab = AgentLab.start("t");
        disk = lab.backingFile("t-disk.img", 16);
    }

    @AfterAll
    static void down() {
        if (lab != null) {
            lab.close();
        }
    }

    static String iqn(String name) {
        return "iqn.2026-01.io.tgtha:lab." + name;
    }

    static Target live(String iqn) {
        return lab.client().showTargets().stream().filter(t -> t.iqn().equals(iqn)).findFirst().orElse(null);
    }

    @Test
    void startMonitorStopWithASharedChapAccountAndLogins() {
        String iqn = iqn("chap");
        TgtClient c = lab.client();
        c.createAccount("labshared", "labpass12345"); // what the account clone does
        try {
            var target = lab.target(iqn).param("incoming_username", "labshared");
            var lun = lab.lun("p_lun_chap", iqn, 1, disk);
            assertThat(target.run("monitor").rc()).isEqualTo(7);
            var started = target.run("start");
            assertThat(started.rc()).as(started.toString()).isZero();
            assertThat(lun.run("start").rc()).isZero();
            assertThat(target.recurring().run("monitor").rc()).isZero();
            assertThat(lun.recurring().run("monitor").rc()).isZero();

            IscsiUrl url = IscsiUrl.lun(lab.targetIp(), iqn, 1);
            assertThat(lab.initiator().canLogin(url.withChap("labshared", "labpass12345"), AgentLab.T)).isTrue();
            assertThat(lab.initiator().canLogin(url.withChap("labshared", "wrongpass123"), AgentLab.T)).isFalse();
            assertThat(lab.initiator().canLogin(url, AgentLab.T)).as("login without CHAP").isFalse();

            assertThat(lun.run("stop").rc()).isZero();
            var stopped = target.run("stop");
            assertThat(stopped.rc()).as(stopped.toString()).isZero();
            assertThat(live(iqn)).isNull();
            assertThat(target.run("monitor").rc()).isEqualTo(7);
            // the clone-managed account is untouched by the target's stop
            assertThat(c.accounts()).contains("labshared");
            assertThat(lab.tgtd().isAlive()).isTrue();
        } finally {
            c.deleteAccount("labshared");
        }
    }

    /**
     * A start that finds the target already there with other ACL rules (a leftover, or a changed
     * allowed_initiators) repairs it in place: the rules no longer configured are unbound, and an initiator
     * they admitted can no longer log in.
     */
    @Test
    void startRemovesAclRulesTheConfigurationNoLongerHas() {
        String iqn = iqn("aclrepair");
        var lun = lab.lun("p_lun_acl", iqn, 1, disk);
        var wide = lab.target(iqn).param("allowed_initiators", lab.initiatorIp() + " iqn.2026-01.io.tgtha:ini.old");
        var narrow = lab.target(iqn).param("allowed_initiators", "10.231.3.99");
        IscsiUrl url = IscsiUrl.lun(lab.targetIp(), iqn, 1);
        try {
            assertThat(wide.run("start").rc()).isZero();
            assertThat(lun.run("start").rc()).isZero();
            assertThat(lab.initiator().canLogin(url, AgentLab.T)).as("admitted by address").isTrue();

            var differs = narrow.recurring().run("monitor");
            assertThat(differs.rc()).as(differs.toString()).isEqualTo(1);
            assertThat(differs.stderr()).contains("initiator address ACL", "initiator name ACL");
            var repaired = narrow.run("start");
            assertThat(repaired.rc()).as(repaired.toString()).isZero();
            Target t = live(iqn);
            assertThat(t.aclAddresses()).containsExactly("10.231.3.99");
            assertThat(t.aclInitiatorNames()).isEmpty();
            assertThat(narrow.recurring().run("monitor").rc()).isZero();
            assertThat(lab.initiator().canLogin(url, AgentLab.T)).as("no rule admits it any more").isFalse();
        } finally {
            lun.run("stop");
            narrow.run("stop");
        }
        assertThat(live(iqn)).isNull();
    }

    @Test
    void initiatorNameAclAdmitsTheNamedInitiatorOnly() {
        String iqn = iqn("names");
        String allowed = "iqn.2026-01.io.tgtha:ini.allowed";
        var target = lab.target(iqn).param("allowed_initiators", allowed);
        var lun = lab.lun("p_lun_names", iqn, 1, disk);
        assertThat(target.run("start").rc()).isZero();
        try {
            assertThat(lun.run("start").rc()).isZero();
            IscsiUrl url = IscsiUrl.lun(lab.targetIp(), iqn, 1);
            assertThat(lab.initiator().withName(allowed).canLogin(url, AgentLab.T)).isTrue();
            assertThat(lab.initiator().withName("iqn.2026-01.io.tgtha:ini.other").canLogin(url, AgentLab.T)).isFalse();
            assertThat(target.run("monitor").rc()).isZero();
        } finally {
            lun.run("stop");
            assertThat(target.run("stop").rc()).isZero();
        }
    }

    @Test
    void probeAndStopWithoutTgtdRunning() {
        // a control port with no tgtd behind it: the node where tgtd is not (yet) running
        var target = new AgentCall(new TargetAgent()).param("iqn", iqn("nodaemon"))
                .param("tgt_control_port", Integer.toString(AgentLab.PORT_TO + 1000));
        assertThat(target.run("monitor").rc()).isEqualTo(7);
        assertThat(target.run("stop").rc()).isZero();
        var start = target.run("start");
        assertThat(start.rc()).isEqualTo(1);
        assertThat(start.stderr()).contains("not running");
    }

    @Test
    void startAfterASimulatedHalfBuiltTargetSucceeds() {
        String iqn = iqn("halfbuilt");
        TgtClient c = lab.client();
        c.createAccount("halfa", "halfpass12345");
        c.createAccount("halfb", "halfpass12345");
        try {
            // a start that crashed after creating the target and binding one of two accounts, no ACL yet
            lab.tgtd().tgtadm("--lld", "iscsi", "--op", "new", "--mode", "target", "--tid", "9", "-T", iqn).orThrow();
            c.bindAccount(9, "halfa", AccountDirection.INCOMING);
            var target = lab.target(iqn).param("incoming_username", "halfa halfb");
            assertThat(target.run("monitor").rc()).isEqualTo(1);
            var r = target.run("start");
            assertThat(r.rc()).as(r.toString()).isZero();
            Target t = live(iqn);
            assertThat(t.tid()).isEqualTo(9);
            assertThat(t.incomingAccounts()).containsExactly("halfa", "halfb");
            assertThat(t.aclAddresses()).containsExactly("ALL");
            assertThat(target.run("monitor").rc()).isZero();
            var lun = lab.lun("p_lun_half", iqn, 1, disk);
            assertThat(lun.run("start").rc()).isZero();
            IscsiUrl url = IscsiUrl.lun(lab.targetIp(), iqn, 1);
            assertThat(lab.initiator().canLogin(url.withChap("halfb", "halfpass12345"), AgentLab.T)).isTrue();
            assertThat(lun.run("stop").rc()).isZero();
            assertThat(target.run("stop").rc()).isZero();
        } finally {
            c.deleteAccount("halfa");
            c.deleteAccount("halfb");
        }
    }

    @Test
    void aTargetWhoseAccountMustGoIsRebuiltAndTgtdNeverCrashes() {
        String iqn = iqn("rebuild");
        String other = iqn("rebuild.other");
        TgtClient c = lab.client();
        c.createAccount("rba", "rbpass123456");
        c.createAccount("rbb", "rbpass123456");
        try {
            assertThat(lab.target(iqn).param("incoming_username", "rba rbb").run("start").rc()).isZero();
            assertThat(lab.target(other).param("incoming_username", "rba rbb").run("start").rc()).isZero();
            // reconfigured: rba no longer allowed. An unbind of rba (the first of two) would crash tgtd 1.0.85.
            var r = lab.target(iqn).param("incoming_username", "rbb").run("start");
            assertThat(r.rc()).as(r.toString()).isZero();
            assertThat(live(iqn).incomingAccounts()).containsExactly("rbb");
            assertThat(live(other).incomingAccounts()).containsExactly("rba", "rbb");
            // stopping a target that shares two accounts leaves the other one intact
            assertThat(lab.target(iqn).param("incoming_username", "rbb").run("stop").rc()).isZero();
            assertThat(lab.target(other).param("incoming_username", "rba rbb").run("monitor").rc()).isZero();
            assertThat(lab.tgtd().isAlive()).isTrue();
            assertThat(lab.target(other).param("incoming_username", "rba rbb").run("stop").rc()).isZero();
            assertThat(lab.tgtd().isAlive()).as("tgtd alive, exit " + lab.tgtd().exitStatus()).isTrue();
        } finally {
            c.deleteAccount("rba");
            c.deleteAccount("rbb");
        }
    }

    @Test
    void legacyIncomingPasswordCreatesTheAccountWithoutPuttingItOnACommandLine() {
        String iqn = iqn("legacy");
        var target = lab.target(iqn).param("incoming_username", "legacyuser").param("incoming_password", "legacypw12345");
        var start = target.run("start");
        assertThat(start.rc()).as(start.toString()).isZero();
        assertThat(start.stderr()).doesNotContain("legacypw12345");
        assertThat(lab.client().accounts()).contains("legacyuser");
        var lun = lab.lun("p_lun_legacy", iqn, 1, disk);
        assertThat(lun.run("start").rc()).isZero();
        IscsiUrl url = IscsiUrl.lun(lab.targetIp(), iqn, 1);
        assertThat(lab.initiator().canLogin(url.withChap("legacyuser", "legacypw12345"), AgentLab.T)).isTrue();
        assertThat(lun.run("stop").rc()).isZero();
        assertThat(target.run("stop").rc()).isZero();
        assertThat(lab.client().accounts()).doesNotContain("legacyuser");
    }

    @Test
    void nopSettingsReachTgtd() {
        String iqn = iqn("nop");
        var target = lab.target(iqn).param("nop_interval", "5").param("nop_count", "3")
                .param("additional_parameters", "MaxRecvDataSegmentLength=65536");
        assertThat(target.run("start").rc()).isZero();
        try {
            Target t = live(iqn);
            assertThat(t.nopInterval()).isEqualTo(5);
            assertThat(t.nopCount()).isEqualTo(3);
            assertThat(lab.client().targetParams(t.tid())).containsEntry("MaxRecvDataSegmentLength", "65536");
            assertThat(target.run("monitor").rc()).isZero();
        } finally {
            assertThat(target.run("stop").rc()).isZero();
        }
    }

    @Test
    void aParameterTgtdRejectsFailsTheStartWithRc6AndLeavesNothing() {
        String iqn = iqn("badparam");
        var r = lab.target(iqn).param("additional_parameters", "NoSuchParameter=1").run("start");
        assertThat(r.rc()).as(r.toString()).isEqualTo(6);
        assertThat(r.stderr()).contains("NoSuchParameter");
        assertThat(live(iqn)).isNull();
    }

    @Test
    void monitorIsExactAboutTheName() {
        String iqn = iqn("exact");
        assertThat(lab.target(iqn + "0").run("start").rc()).isZero();
        try {
            assertThat(lab.target(iqn).run("monitor").rc()).isEqualTo(7);
            assertThat(lab.target(iqn.replace(".exact", "Xexact")).run("monitor").rc()).isEqualTo(7);
        } finally {
            lab.target(iqn + "0").run("stop");
        }
    }

    static List<String> iqnsLive() {
        return lab.client().showTargets().stream().map(Target::iqn).toList();
    }

    static ExecResult show() {
        return lab.tgtd().tgtadm("--op", "show", "--mode", "target");
    }
}
