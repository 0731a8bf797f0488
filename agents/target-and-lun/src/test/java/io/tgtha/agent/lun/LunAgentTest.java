// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.lun;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgtha.agent.iscsitarget.AgentCall;
import io.tgtha.agent.tgt.OfflineHold;
import io.tgtha.agent.tgt.ScsiIdentity;
import io.tgtha.tgt.Lun;
import io.tgtha.tgt.TargetState;
import io.tgtha.tgt.TgtError;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

class LunAgentTest extends LunAgentOnFakeTgt {
    Lun lun(long n) {
        return tgt.showTargets().stream().filter(t -> t.iqn().equals(IQN)).findFirst().orElseThrow().lun(n).orElseThrow();
    }

    @Test
    void startCreatesTheLunWithStableIdentityAndWriteCacheOff() {
        tgt.createTarget(3, IQN);
        var r = call().run("start");
        assertThat(r.rc()).as(r.toString()).isZero();
        Lun l = lun(1);
        assertThat(l.backingStorePath()).isEqualTo(backing.toString());
        assertThat(l.scsiId()).isEqualTo(ScsiIdentity.defaultScsiId("p_lun1")).startsWith("p_lun1-");
        assertThat(l.scsiSn()).isEqualTo("6e9272f1");
        assertThat(tgt.journal("update lun 3 1").get(0)).contains("mode_page=" + LunConfig.CACHING_PAGE_WCE_OFF)
                .contains("readonly=0");
        assertThat(call().run("monitor").rc()).isZero();
    }

    @Test
    void writeCacheAndReadonlyAndExplicitIdentityAreApplied() {
        tgt.createTarget(1, IQN);
        assertThat(call().param("write_cache", "true").param("readonly", "yes").param("scsi_id", "vol-a")
                .param("scsi_sn", "sn-a").run("start").rc()).isZero();
        assertThat(tgt.journal("update lun 1 1").get(0)).contains("mode_page=" + LunConfig.CACHING_PAGE_WCE_ON);
        assertThat(lun(1).readonly()).isTrue();
        assertThat(lun(1).scsiId()).isEqualTo("vol-a");
    }

    @Test
    void startWithoutItsTargetFailsAndSaysWhy() {
        var r = call().run("start");
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.stderr()).contains("target " + IQN + " is not running").contains("order the LUN after its target");
    }

    @Test
    void startIsIdempotentAndAFailureAfterCreationRemovesTheLun() {
        tgt.createTarget(1, IQN);
        assertThat(call().run("start").rc()).isZero();
        assertThat(call().run("start").rc()).isZero();
        assertThat(tgt.journal("create lun")).hasSize(1);
        assertThat(call().run("stop").rc()).isZero();
        // tgtd 1.0.85 refuses a parameter name it does not know with INVALID_REQUEST (usr/spc.c lu_config)
        var r = call().param("additional_parameters", "no_such_parameter=1").run("start");
        assertThat(r.rc()).isEqualTo(6);
        assertThat(tgt.showTargets().get(0).lun(1)).isEmpty();
    }

    @Test
    void aLunLeftOfflineByAFailedStopIsBroughtBackByStart() {
        tgt.createTarget(1, IQN);
        assertThat(call().run("start").rc()).isZero();
        tgt.updateLun(1, 1, java.util.Map.of("online", "0"));
        assertThat(call().recurring().run("monitor").stderr()).contains("LUN is offline");
        var r = call().run("start");
        assertThat(r.rc()).as(r.toString()).isZero();
        assertThat(lun(1).online()).isTrue();
        assertThat(tgt.journal("create lun")).hasSize(1);
    }

    @Test
    void aLunWithAnotherPathIsNeverReplacedNorDeleted() {
        tgt.createTarget(1, IQN);
        tgt.createLun(1, 1, io.tgtha.tgt.LunSpec.disk("/dev/other"));
        var start = call().run("start");
        assertThat(start.rc()).isEqualTo(1);
        assertThat(start.stderr()).contains("refusing to replace");
        assertThat(call().run("monitor").rc()).isEqualTo(1);
        assertThat(call().run("stop").rc()).isZero();
        assertThat(lun(1).backingStorePath()).isEqualTo("/dev/other");
    }

    @Test
    void monitorLooksAtThisTargetAndLunNumberOnly() {
        tgt.createTarget(1, "iqn.2026-01.io.tgtha:unit.other");
        tgt.createLun(1, 1, io.tgtha.tgt.LunSpec.disk(backing.toString()));
        tgt.createTarget(2, IQN);
        tgt.createLun(2, 2, io.tgtha.tgt.LunSpec.disk(backing.toString()));
        // the stock agent grepped for the path anywhere and said "running"
        assertThat(call().run("monitor").rc()).isEqualTo(7);
        assertThat(call().recurring().run("monitor").rc()).isEqualTo(7);
        tgt.stopDaemon();
        assertThat(call().run("monitor").rc()).isEqualTo(7);
    }

    @Test
    void aBusyLunIsTakenOfflineAndDeletedOnceItsQueueDrains() {
        tgt.createTarget(1, IQN);
        assertThat(call().run("start").rc()).isZero();
        tgt.targetByTid(1).lunBusyAttempts = 3;
        var r = call().run("stop");
        assertThat(r.rc()).as(r.toString()).isZero();
        assertThat(tgt.journal).contains("update lun 1 1 {online=0}");
        assertThat(tgt.showTargets().get(0).lun(1)).isEmpty();
    }

    /** The 64 x 4 standby (sixth session): ten LUN stops failed on a delete tgtd answered after 5 s, 12 s left. */
    @Test
    void aDeleteTgtdAnswersTooLateIsAskedAgainAndTheStopSucceeds() {
        tgt.createTarget(1, IQN);
        assertThat(call().run("start").rc()).isZero();
        tgt.targetByTid(1).deleteAnswersLost = 1;
        var r = call().run("stop");
        assertThat(r.rc()).as(r.toString()).isZero();
        assertThat(tgt.journal.stream().filter(j -> j.startsWith("delete lun"))).hasSize(2);
        assertThat(tgt.showTargets().get(0).lun(1)).isEmpty();
    }

    /** As the target stop's: a connection listing tgtd answers too late does not fail a busy LUN's stop. */
    @Test
    void aConnectionListingTgtdDoesNotAnswerInTimeDoesNotFailTheStop() {
        tgt.createTarget(1, IQN);
        assertThat(call().run("start").rc()).isZero();
        tgt.addSession(1, 4, "iqn.2026-01.io.tgtha:ini");
        // busy past the gentle half second, so the stop goes on to close the target's connections
        tgt.targetByTid(1).lunBusyAttempts = 12;
        tgt.targetByTid(1).connectionListAnswersLost = Integer.MAX_VALUE;
        var r = call().timeoutMs(10000).run("stop");
        assertThat(r.rc()).as(r.toString()).isZero();
        assertThat(tgt.journal).contains("connections 1");
        assertThat(tgt.showTargets().get(0).lun(1)).isEmpty();
    }

    @Test
    void aLunThatStaysBusyFailsTheStopBeforePacemakersTimeout() {
        tgt.createTarget(1, IQN);
        assertThat(call().run("start").rc()).isZero();
        tgt.addSession(1, 4, "iqn.2026-01.io.tgtha:ini");
        tgt.targetByTid(1).lunBusyAttempts = Integer.MAX_VALUE;
        java.util.List<Boolean> heldWhileClosing = new java.util.ArrayList<>();
        tgt.failWhen(op -> {
            if (op.startsWith("close")) {
                heldWhileClosing.add(OfflineHold.heldBy(dir.resolve("offline"), IQN).isPresent());
            }
            return false;
        }, TgtError.UNKNOWN_ERROR);
        var r = call().timeoutMs(3000).run("stop");
        assertThat(heldWhileClosing).as("target monitor told the offline state is deliberate").containsOnly(true)
                .isNotEmpty();
        assertThat(OfflineHold.heldBy(dir.resolve("offline"), IQN)).isEmpty();
        // the stop gave up within its budget with a failure of its own, not Pacemaker's timeout
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.stderr()).contains("still busy");
        assertThat(tgt.journal).contains("close 1 4 0", "state 1 offline"); // the last resort was tried
        assertThat(tgt.targetByTid(1).state).as("target set ready again").isEqualTo(io.tgtha.tgt.TargetState.READY);
    }

    /**
     * Two LUNs of one target stopping at once: the first to finish must neither set the target ready
     * under the second nor take the second's note away (the monitor would then fail the target).
     */
    @Test
    void aLunStopJoinsAnotherLunStopsOfflineAndLeavesTheTargetToIt() {
        tgt.createTarget(1, IQN);
        assertThat(call().run("start").rc()).isZero();
        tgt.addSession(1, 4, "iqn.2026-01.io.tgtha:ini");
        tgt.setTargetState(1, TargetState.OFFLINE); // LUN 2's stop took it offline ...
        try (OfflineHold lun2 = OfflineHold.take(dir.resolve("offline"), IQN, "lun2", "LUN 2 is being deleted")) {
            tgt.targetByTid(1).lunBusyAttempts = 15; // about a second of LUN_ACTIVE: past the gentle half second
            List<Boolean> ownNoteWhileClosing = new ArrayList<>();
            tgt.failWhen(op -> {
                if (op.startsWith("close")) {
                    ownNoteWhileClosing.add(Files.exists(dir.resolve("offline").resolve(IQN + "+lun1.hold")));
                }
                return false;
            }, TgtError.UNKNOWN_ERROR);
            var r = call().run("stop");
            assertThat(r.rc()).as(r.toString()).isZero();
            assertThat(ownNoteWhileClosing).as("LUN 1's own note while it closed connections").isNotEmpty()
                    .containsOnly(true);
            assertThat(tgt.targetByTid(1).state).as("left offline for LUN 2's stop").isEqualTo(TargetState.OFFLINE);
            assertThat(tgt.journal("state 1 ready")).isEmpty();
            assertThat(OfflineHold.heldBy(dir.resolve("offline"), IQN)).hasValueSatisfying(h -> assertThat(h)
                    .startsWith("LUN 2"));
            assertThat(r.stderr()).contains("another LUN stop still holds it");
        }
    }

    @Test
    void aTargetOfflineWithoutANoteIsNeitherTakenNorSetReadyByALunStop() {
        tgt.createTarget(1, IQN);
        assertThat(call().run("start").rc()).isZero();
        tgt.setTargetState(1, TargetState.OFFLINE); // e.g. the target's own stop
        tgt.targetByTid(1).lunBusyAttempts = 15;
        var r = call().run("stop");
        assertThat(r.rc()).as(r.toString()).isZero();
        assertThat(tgt.targetByTid(1).state).isEqualTo(TargetState.OFFLINE);
        assertThat(tgt.journal("state 1")).containsExactly("state 1 offline");
        assertThat(OfflineHold.heldBy(dir.resolve("offline"), IQN)).isEmpty();
    }

    @Test
    void validateAllRejectsLunZeroBadIqnAndMissingPath() {
        var lun0 = call().param("lun", "0").run("validate-all");
        assertThat(lun0.rc()).isEqualTo(6);
        assertThat(lun0.stderr()).contains("parameter 'lun' '0': out of range").contains("LUN 0 is tgtd's controller LUN");
        assertThat(call().param("target_iqn", "iqn.bad").run("validate-all").rc()).isEqualTo(6);
        var missing = call().param("path", dir.resolve("nope.img").toString()).run("validate-all");
        assertThat(missing.rc()).isEqualTo(5);
        assertThat(missing.stderr()).contains("does not exist on this node");
        // a probe where the device is missing says "not running", a stop succeeds
        assertThat(call().param("path", dir.resolve("nope.img").toString()).run("monitor").rc()).isEqualTo(7);
        assertThat(call().param("path", dir.resolve("nope.img").toString()).run("stop").rc()).isZero();
        assertThat(call().param("blocksize", "1000").run("validate-all").rc()).isEqualTo(6);
        assertThat(call().param("vendor_id", "TOO-LONG-VENDOR").run("validate-all").rc()).isEqualTo(6);
        assertThat(call().param("tgt_device_type", "floppy").run("validate-all").rc()).isEqualTo(6);
        assertThat(call().run("validate-all").rc()).isZero();
    }

    @Test
    void theRealAgentRejectsLunZeroAndMissingPathsBeforeTouchingTgtd() {
        AgentCall real = new AgentCall(new LunAgent()).env("OCF_RESOURCE_INSTANCE", "p_lun1")
                .param("target_iqn", IQN).param("path", backing.toString());
        assertThat(real.param("lun", "0").run("validate-all").rc()).isEqualTo(6);
        assertThat(real.param("lun", "-2").run("validate-all").rc()).isEqualTo(6);
        assertThat(real.param("lun", "one").run("validate-all").rc()).isEqualTo(6);
        var missing = real.param("lun", "1").param("path", "/nonexistent/tgtha/disk.img").run("validate-all");
        assertThat(missing.rc()).isEqualTo(5);
        assertThat(missing.stderr()).contains("/nonexistent/tgtha/disk.img does not exist on this node");
        var noIqn = new AgentCall(new LunAgent()).param("lun", "1").param("path", backing.toString()).run("validate-all");
        assertThat(noIqn.rc()).isEqualTo(6);
        assertThat(noIqn.stderr()).contains("required parameter 'target_iqn' is not set");
    }
}
