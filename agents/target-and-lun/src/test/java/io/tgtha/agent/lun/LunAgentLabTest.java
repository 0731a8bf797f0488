// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.lun;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgtha.agent.iscsitarget.AgentCall;
import io.tgtha.agent.iscsitarget.AgentLab;
import io.tgtha.agent.tgt.ScsiIdentity;
import io.tgtha.testkit.ExecResult;
import io.tgtha.testkit.IscsiUrl;
import io.tgtha.testkit.Netns;
import io.tgtha.tgt.Lun;
import io.tgtha.tgt.Target;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

/** ocf:tgtha:lun against real tgtds: identity seen by an initiator, exact monitor, settings, two "nodes". */
class LunAgentLabTest {
    static final String IQN = "iqn.2026-01.io.tgtha:lab.lun";

    static ExecResult inq(AgentLab lab, int page) {
        Netns ns = lab.initiatorNs();
        return ns.exec(AgentLab.T, "timeout", "-k", "1", "15", "iscsi-inq", "-e", "1", "-c", Integer.toString(page),
                IscsiUrl.lun(lab.targetIp(), IQN, 1).render());
    }

    @Test
    void bothNodesPresentTheSameIdentityForTheSameResource() {
        AgentLab.require();
        try (AgentLab node1 = AgentLab.start("l"); AgentLab node2 = AgentLab.start("l")) {
            String[] serials = new String[2];
            String[] ids = new String[2];
            int n = 0;
            for (AgentLab node : List.of(node1, node2)) {
                Path disk = node.backingFile("shared.img", 16);
                // different tids on the two nodes, as after independent starts
                var target = node.target(IQN).param("tid", node == node1 ? "1" : "7");
                assertThat(target.run("start").rc()).isZero();
                // a clone-style instance name: the suffix must not change the identity
                var lun = node.lun(node == node1 ? "p_lun_db:0" : "p_lun_db:1", IQN, 1, disk);
                var started = lun.run("start");
                assertThat(started.rc()).as(started.toString()).isZero();
                assertThat(lun.run("monitor").rc()).isZero();
                ExecResult sn = inq(node, 0x80);
                ExecResult id = inq(node, 0x83);
                assertThat(sn.ok()).as(sn.describe()).isTrue();
                assertThat(id.ok()).as(id.describe()).isTrue();
                serials[n] = sn.stdout().replaceAll("(?s).*Unit Serial Number:\\[\\s*([^\\]]*)].*", "$1").trim();
                ids[n] = id.stdout();
                n++;
            }
            assertThat(serials[0]).isEqualTo(ScsiIdentity.defaultScsiSn("p_lun_db")).isEqualTo(serials[1]);
            assertThat(ids[0]).contains("Designator:[" + ScsiIdentity.defaultScsiId("p_lun_db"));
            assertThat(ids[1]).contains("Designator:[" + ScsiIdentity.defaultScsiId("p_lun_db"));
        }
    }

    @Test
    void startMonitorStopWithSettingsAndExactMonitor() {
        AgentLab.require();
        try (AgentLab lab = AgentLab.start("l")) {
            Path disk = lab.backingFile("settings.img", 16);
            Path other = lab.backingFile("other.img", 16);
            var target = lab.target(IQN);
            assertThat(target.run("start").rc()).isZero();
            AgentCall lun = lab.lun("p_lun_set", IQN, 1, disk).param("blocksize", "4096").param("readonly", "true")
                    .param("scsi_id", "0123456789abcdef01234567").param("scsi_sn", "SN-SET-1")
                    .param("vendor_id", "TGTHA").param("product_id", "CLUSTERDISK");
            assertThat(lun.run("monitor").rc()).isEqualTo(7);
            var started = lun.run("start");
            assertThat(started.rc()).as(started.toString()).isZero();
            assertThat(lun.run("start").rc()).as("idempotent").isZero();
            Lun live = live(lab, 1);
            assertThat(live.blockSize()).isEqualTo(4096);
            assertThat(live.readonly()).isTrue();
            assertThat(live.scsiId()).isEqualTo("0123456789abcdef01234567");
            ExecResult std = lab.initiatorNs().exec(AgentLab.T, "timeout", "-k", "1", "15", "iscsi-inq",
                    IscsiUrl.lun(lab.targetIp(), IQN, 1).render());
            assertThat(std.stdout()).contains("Vendor:TGTHA").contains("Product:CLUSTERDISK");
            ExecResult cap = lab.initiatorNs().exec(AgentLab.T, "timeout", "-k", "1", "15", "iscsi-readcapacity16",
                    IscsiUrl.lun(lab.targetIp(), IQN, 1).render());
            assertThat(cap.stdout()).contains("LOGICAL BLOCK LENGTH IN BYTES:4096");

            // another resource's LUN 2 with the same path number elsewhere: monitor of a LUN 2 config with
            // our path is "not running", and a LUN at our number with another path is a failure
            var lun2 = lab.lun("p_lun_two", IQN, 2, other);
            assertThat(lun2.run("start").rc()).isZero();
            assertThat(lab.lun("p_lun_two", IQN, 3, other).run("monitor").rc()).isEqualTo(7);
            var wrongPath = lab.lun("p_lun_x", IQN, 2, disk).run("monitor");
            assertThat(wrongPath.rc()).isEqualTo(1);
            assertThat(wrongPath.stderr()).contains("backing store is " + other);
            // a target whose IQN merely starts with ours is not ours
            assertThat(lab.lun("p_lun_set", IQN.substring(0, IQN.length() - 1), 1, disk).run("monitor").rc())
                    .isEqualTo(7);

            assertThat(lun2.run("stop").rc()).isZero();
            assertThat(lun.run("stop").rc()).isZero();
            assertThat(lun.run("stop").rc()).as("idempotent").isZero();
            assertThat(lun.run("monitor").rc()).isEqualTo(7);
            assertThat(target.run("stop").rc()).isZero();
            assertThat(lun.run("stop").rc()).as("target gone").isZero();
        }
    }

    @Test
    void startWithoutTheTargetFailsAndProbeWithoutTgtdIsNotRunning() {
        AgentLab.require();
        try (AgentLab lab = AgentLab.start("l")) {
            Path disk = lab.backingFile("orphan.img", 8);
            var r = lab.lun("p_lun_orphan", IQN, 1, disk).run("start");
            assertThat(r.rc()).isEqualTo(1);
            assertThat(r.stderr()).contains("order the LUN after its target");
            var noDaemon = lab.lun("p_lun_orphan", IQN, 1, disk)
                    .param("tgt_control_port", Integer.toString(AgentLab.PORT_TO + 1000));
            assertThat(noDaemon.run("monitor").rc()).isEqualTo(7);
            assertThat(noDaemon.run("stop").rc()).isZero();
        }
    }

    static Lun live(AgentLab lab, long n) {
        Target t = lab.client().showTargets().stream().filter(x -> x.iqn().equals(IQN)).findFirst().orElseThrow();
        return t.lun(n).orElseThrow();
    }
}
