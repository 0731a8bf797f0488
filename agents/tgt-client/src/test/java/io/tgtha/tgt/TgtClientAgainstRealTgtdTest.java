// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import static io.tgtha.tgt.RealTgtd.LOGIN_TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tgtha.testkit.Initiator;
import io.tgtha.testkit.IscsiUrl;
import io.tgtha.testkit.Lab;
import io.tgtha.testkit.TgtLab;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The client against a real tgtd in a namespace, checked with a real initiator. One tid per test. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TgtClientAgainstRealTgtdTest {
    TgtLab lab;
    TgtClient tgt;
    @TempDir
    Path dir;

    @BeforeAll
    void startLab() {
        Lab.requireRoot("tgtd", "tgtadm", "iscsi-inq", "iscsi-perf", "timeout");
        lab = TgtLab.start(RealTgtd.LAB);
        tgt = RealTgtd.client(lab);
    }

    @AfterAll
    void stopLab() {
        if (lab != null) {
            lab.close();
        }
    }

    private String iqn(int tid) {
        return "iqn.2026-01.io.tgtha:client.t" + tid;
    }

    private IscsiUrl url(int tid) {
        return IscsiUrl.lun(lab.targetIp(), iqn(tid), 1);
    }

    private void targetWithLun(int tid) {
        tgt.createTarget(tid, iqn(tid));
        tgt.createLun(tid, 1, LunSpec.disk(RealTgtd.sparseFile(dir, "t" + tid + ".img", 64L << 20).toString()));
    }

    @Test
    void versionAndSystem() {
        assertThat(tgt.version()).isEqualTo(TgtVersion.parse("1.0.85"));
        tgt.ping();
        SystemInfo s = tgt.showSystem();
        assertThat(s.state()).isEqualTo("ready");
        assertThat(s.lldStates()).containsEntry("iscsi", "ready");
        assertThat(s.backingStores()).contains("rdwr");
    }

    @Test
    void targetAndLunLifecycleWithTypedErrors() {
        int tid = 1;
        targetWithLun(tid);
        Target t = tgt.show().target(tid).orElseThrow();
        assertThat(t.iqn()).isEqualTo(iqn(tid));
        assertThat(t.state()).isEqualTo(TargetState.READY);
        Lun lun = t.lun(1).orElseThrow();
        assertThat(lun.backingStorePath()).isEqualTo(dir.resolve("t1.img").toString());
        assertThat(lun.backingStoreType()).isEqualTo("rdwr");
        assertThat(lun.sizeMb()).isEqualTo(67); // tgtd's rounding of 64 MiB
        assertThat(lun.blockSize()).isEqualTo(512);

        assertThat(error(() -> tgt.createTarget(tid, iqn(tid)))).isEqualTo(TgtError.TARGET_EXISTS);
        assertThat(error(() -> tgt.createTarget(99, iqn(tid)))).isEqualTo(TgtError.TARGET_EXISTS);
        assertThat(error(() -> tgt.createLun(tid, 1, LunSpec.disk(dir.resolve("t1.img").toString()))))
                .isEqualTo(TgtError.LUN_EXISTS);
        assertThat(error(() -> tgt.deleteLun(tid, 7))).isEqualTo(TgtError.NO_SUCH_LUN);
        assertThat(error(() -> tgt.deleteTarget(77))).isEqualTo(TgtError.NO_SUCH_TARGET);
        assertThat(error(() -> tgt.setTargetState(77, TargetState.OFFLINE))).isEqualTo(TgtError.NO_SUCH_TARGET);
        assertThat(error(() -> tgt.createLun(tid, 2, LunSpec.disk("/nonexistent/x.img"))))
                .isIn(TgtError.INVALID_REQUEST, TgtError.UNKNOWN_ERROR);

        tgt.createLun(tid, 2, LunSpec.disk(RealTgtd.sparseFile(dir, "t1b.img", 16L << 20).toString())
                .withBsOflags("direct").withBlockSize(4096));
        Lun two = tgt.show().target(tid).orElseThrow().lun(2).orElseThrow();
        assertThat(two.backingStoreFlags()).isEqualTo("direct");
        assertThat(two.blockSize()).isEqualTo(4096);
        tgt.deleteLun(tid, 2);
        tgt.deleteTarget(tid);
        assertThat(tgt.show().target(tid)).isEmpty();
    }

    @Test
    void lunParametersReachTheInitiator() {
        int tid = 2;
        targetWithLun(tid);
        tgt.bindInitiatorAddress(tid, "ALL");
        Map<String, String> params = new LinkedHashMap<>();
        params.put("scsi_id", "TGTHA-ID-2");
        params.put("scsi_sn", "TGTHASN2");
        params.put("vendor_id", "TGTHAVND");
        params.put("product_id", "HA-DISK");
        params.put("readonly", "1");
        tgt.updateLun(tid, 1, params);
        Lun lun = tgt.show().target(tid).orElseThrow().lun(1).orElseThrow();
        assertThat(lun.scsiId()).isEqualTo("TGTHA-ID-2");
        assertThat(lun.scsiSn()).isEqualTo("TGTHASN2");
        assertThat(lun.readonly()).isTrue();
        var inq = lab.initiator().inq(url(tid), LOGIN_TIMEOUT);
        assertThat(inq.ok()).as(inq.describe()).isTrue();
        assertThat(inq.stdout()).contains("TGTHAVND").contains("HA-DISK");
        assertThat(error(() -> tgt.updateLun(tid, 1, Map.of("no_such_param", "1")))).isEqualTo(TgtError.INVALID_REQUEST);
        tgt.forceDeleteTarget(tid);
    }

    @Test
    void targetParameters() {
        int tid = 3;
        tgt.createTarget(tid, iqn(tid));
        tgt.updateTargetParam(tid, "MaxRecvDataSegmentLength", "65536");
        assertThat(tgt.targetParams(tid)).containsEntry("MaxRecvDataSegmentLength", "65536");
        tgt.updateTargetParam(tid, "nop_interval", "5");
        assertThat(tgt.show().target(tid).orElseThrow().nopInterval()).isEqualTo(5);
        assertThat(error(() -> tgt.updateTargetParam(tid, "NoSuchParameter", "1"))).isEqualTo(TgtError.INVALID_REQUEST);
        tgt.deleteTarget(tid);
    }

    @Test
    void chapAccountsDecideLogins() {
        int tid = 4;
        targetWithLun(tid);
        tgt.bindInitiatorAddress(tid, "ALL");
        tgt.createAccount("tc4user", "tc4-right-secret");
        assertThat(error(() -> tgt.createAccount("tc4user", "tc4-other-secret"))).isEqualTo(TgtError.USER_EXISTS);
        assertThat(tgt.accounts()).contains("tc4user");
        // no incoming account bound: tgtd does not ask for CHAP at all
        assertThat(lab.initiator().canLogin(url(tid), LOGIN_TIMEOUT)).isTrue();
        tgt.bindAccount(tid, "tc4user", AccountDirection.INCOMING);
        assertThat(error(() -> tgt.bindAccount(tid, "tc4user", AccountDirection.INCOMING)))
                .isEqualTo(TgtError.ACCOUNT_ALREADY_BOUND);
        assertThat(error(() -> tgt.bindAccount(tid, "nobody", AccountDirection.INCOMING))).isEqualTo(TgtError.NO_SUCH_USER);
        assertThat(tgt.show().target(tid).orElseThrow().incomingAccounts()).containsExactly("tc4user");

        Initiator ini = lab.initiator();
        assertThat(ini.canLogin(url(tid), LOGIN_TIMEOUT)).as("no CHAP").isFalse();
        assertThat(ini.canLogin(url(tid).withChap("tc4user", "tc4-wrong-secret"), LOGIN_TIMEOUT)).isFalse();
        assertThat(ini.canLogin(url(tid).withChap("tc4user", "tc4-right-secret"), LOGIN_TIMEOUT)).isTrue();
        // iscsi-ls: discovery, then a login to each target to list its LUNs
        var ls = ini.ls(IscsiUrl.portal(lab.targetIp()).withChap("tc4user", "tc4-right-secret"), LOGIN_TIMEOUT);
        assertThat(ls.ok()).as(ls.describe()).isTrue();
        assertThat(ls.stdout()).contains("Target:" + iqn(tid)).contains("Lun:1");
        var lsWrong = ini.ls(IscsiUrl.portal(lab.targetIp()).withChap("tc4user", "tc4-wrong-secret"), LOGIN_TIMEOUT);
        assertThat(lsWrong.ok()).isFalse();
        assertThat(lsWrong.stdout()).doesNotContain("Lun:1");
        assertThat(lsWrong.stdout() + lsWrong.stderr()).contains("Authentication failure");

        tgt.createAccount("tc4out", "tc4-outgoing-secret");
        tgt.bindAccount(tid, "tc4out", AccountDirection.OUTGOING);
        assertThat(error(() -> tgt.bindAccount(tid, "tc4user", AccountDirection.OUTGOING)))
                .isEqualTo(TgtError.OUTGOING_ACCOUNT_EXISTS);
        assertThat(tgt.show().target(tid).orElseThrow().outgoingAccount()).isEqualTo("tc4out");
        tgt.unbindAccount(tid, "tc4out", AccountDirection.OUTGOING);
        assertThat(error(() -> tgt.unbindAccount(tid, "tc4out", AccountDirection.OUTGOING)))
                .isEqualTo(TgtError.ACCOUNT_NOT_BOUND);

        tgt.unbindAccountSafely(tid, "tc4user");
        assertThat(error(() -> tgt.unbindAccountSafely(tid, "tc4user"))).isEqualTo(TgtError.ACCOUNT_NOT_BOUND);
        assertThat(error(() -> tgt.unbindAccountSafely(tid, "nobody"))).isEqualTo(TgtError.NO_SUCH_USER);
        assertThat(ini.canLogin(url(tid), LOGIN_TIMEOUT)).as("account unbound: open again").isTrue();
        tgt.deleteAccount("tc4user");
        tgt.deleteAccount("tc4out");
        assertThat(tgt.accounts()).doesNotContain("tc4user", "tc4out");
        assertThat(error(() -> tgt.deleteAccount("tc4user"))).isEqualTo(TgtError.NO_SUCH_USER);
        tgt.forceDeleteTarget(tid);
    }

    @Test
    void aclsByAddressAndByInitiatorName() {
        int tid = 5;
        targetWithLun(tid);
        Initiator ini = lab.initiator();
        assertThat(ini.canLogin(url(tid), LOGIN_TIMEOUT)).as("no ACL: refused").isFalse();
        tgt.bindInitiatorAddress(tid, lab.initiatorIp());
        assertThat(error(() -> tgt.bindInitiatorAddress(tid, lab.initiatorIp()))).isEqualTo(TgtError.ACL_EXISTS);
        assertThat(ini.canLogin(url(tid), LOGIN_TIMEOUT)).isTrue();
        tgt.unbindInitiatorAddress(tid, lab.initiatorIp());
        assertThat(error(() -> tgt.unbindInitiatorAddress(tid, lab.initiatorIp()))).isEqualTo(TgtError.ACL_NOT_FOUND);
        tgt.bindInitiatorAddress(tid, "10.99.0.0/16");
        assertThat(ini.canLogin(url(tid), LOGIN_TIMEOUT)).as("other subnet only").isFalse();

        String allowed = "iqn.2026-01.io.tgtha:allowed-ini";
        tgt.bindInitiatorName(tid, allowed);
        Target t = tgt.show().target(tid).orElseThrow();
        assertThat(t.aclAddresses()).containsExactly("10.99.0.0/16");
        assertThat(t.aclInitiatorNames()).containsExactly(allowed);
        assertThat(ini.withName(allowed).canLogin(url(tid), LOGIN_TIMEOUT)).isTrue();
        assertThat(ini.withName("iqn.2026-01.io.tgtha:other-ini").canLogin(url(tid), LOGIN_TIMEOUT)).isFalse();
        tgt.unbindInitiatorName(tid, allowed);
        assertThat(error(() -> tgt.unbindInitiatorName(tid, allowed))).isEqualTo(TgtError.ACL_NOT_FOUND);
        tgt.deleteTarget(tid);
    }

    @Test
    void offlineTargetRejectsLoginsAndReadyRestores() {
        int tid = 6;
        targetWithLun(tid);
        tgt.bindInitiatorAddress(tid, "ALL");
        tgt.setTargetState(tid, TargetState.OFFLINE);
        assertThat(tgt.show().target(tid).orElseThrow().state()).isEqualTo(TargetState.OFFLINE);
        assertThat(lab.initiator().canLogin(url(tid), LOGIN_TIMEOUT)).isFalse();
        tgt.setTargetState(tid, TargetState.READY);
        assertThat(lab.initiator().canLogin(url(tid), LOGIN_TIMEOUT)).isTrue();
        tgt.deleteTarget(tid);
    }

    @Test
    void showDuringLoadSeesTheNexusThenForceDeleteRemovesTheBusyTarget() {
        int tid = 7;
        targetWithLun(tid);
        tgt.bindInitiatorAddress(tid, "ALL");
        try (Initiator.PerfLoad load = lab.initiator().startPerf(url(tid), Duration.ofSeconds(60), 0)) {
            assertThat(RealTgtd.eventually(Duration.ofSeconds(10),
                    () -> tgt.show().target(tid).orElseThrow().hasSessions())).as(load.output()).isTrue();
            Target t = tgt.show().target(tid).orElseThrow();
            ItNexus nexus = t.nexuses().get(0);
            assertThat(nexus.initiator()).isEqualTo("iqn.2010-11.libiscsi:iscsi-perf");
            assertThat(nexus.initiatorAddresses()).containsExactly(lab.initiatorIp());
            assertThat(tgt.connections(tid)).extracting(SessionConnection::initiatorAddress)
                    .containsExactly(lab.initiatorIp());

            assertThat(error(() -> tgt.deleteTarget(tid))).isEqualTo(TgtError.TARGET_ACTIVE);
            tgt.forceDeleteTarget(tid);
            assertThat(tgt.show().target(tid)).isEmpty();
        }
    }

    @Test
    void forceDeleteUnderIoIsRefusedWithLunActiveByTgtdButTheClientDrainsAndRetries() {
        int tid = 9;
        targetWithLun(tid);
        tgt.bindInitiatorAddress(tid, "ALL");
        try (Initiator.PerfLoad load = lab.initiator().startPerf(url(tid), Duration.ofSeconds(60), 0)) {
            assertThat(RealTgtd.eventually(Duration.ofSeconds(10),
                    () -> tgt.show().target(tid).orElseThrow().hasSessions())).isTrue();
            // raw tgtd behaviour (what tgtadm --force gets): 64 commands in flight keep the LUN busy
            boolean sawLunActive = false;
            for (int i = 0; i < 20 && !sawLunActive; i++) {
                var r = lab.tgtd().tgtadm("--op", "delete", "--force", "--mode", "target", "--tid", Integer.toString(tid));
                assertThat(r.exitCode()).as("raw delete succeeded before we could observe LUN_ACTIVE").isEqualTo(22);
                sawLunActive = r.stderr().contains("this logical unit is still active");
            }
            assertThat(sawLunActive).isTrue();
            tgt.forceDeleteTarget(tid);
            assertThat(tgt.show().target(tid)).isEmpty();
        }
    }

    @Test
    void closingTheConnectionEndsTheSession() {
        int tid = 8;
        targetWithLun(tid);
        tgt.bindInitiatorAddress(tid, "ALL");
        try (Initiator.PerfLoad load = lab.initiator().startPerf(url(tid), Duration.ofSeconds(60), 0)) {
            assertThat(RealTgtd.eventually(Duration.ofSeconds(10), () -> !tgt.connections(tid).isEmpty())).isTrue();
            SessionConnection c = tgt.connections(tid).get(0);
            assertThat(error(() -> tgt.closeConnection(tid, c.sid() + 100, c.cid()))).isEqualTo(TgtError.NO_SUCH_SESSION);
            assertThat(error(() -> tgt.closeConnection(tid, c.sid(), c.cid() + 5))).isEqualTo(TgtError.NO_SUCH_CONNECTION);
            tgt.closeConnection(tid, c.sid(), c.cid());
            // asynchronous in tgtd: the nexus goes away shortly after
            assertThat(RealTgtd.eventually(Duration.ofSeconds(10),
                    () -> tgt.show().target(tid).orElseThrow().nexuses().stream().noneMatch(n -> n.id() == c.sid())))
                    .isTrue();
        }
        tgt.forceDeleteTarget(tid);
    }

    @Test
    void theTgtadmFallbackDrivesTheRealDaemonToo() {
        int tid = 11;
        TgtClient cli = TgtClient.builder().controlPort(lab.tgtd().controlPort()).timeout(Duration.ofSeconds(10))
                .viaTgtadm(Lab.which("tgtadm")).build();
        assertThat(cli.version()).isEqualTo(TgtVersion.parse("1.0.85"));
        cli.createTarget(tid, iqn(tid));
        cli.createLun(tid, 1, LunSpec.disk(RealTgtd.sparseFile(dir, "t11.img", 8L << 20).toString()));
        cli.bindInitiatorAddress(tid, "ALL");
        assertThat(error(() -> cli.createTarget(tid, iqn(tid)))).isEqualTo(TgtError.TARGET_EXISTS);
        tgt.createAccount("tc11a", "tc11a-secret-pw");   // passwords only over the socket
        tgt.createAccount("tc11b", "tc11b-secret-pw");
        cli.bindAccount(tid, "tc11a", AccountDirection.INCOMING);
        cli.bindAccount(tid, "tc11b", AccountDirection.INCOMING);
        cli.unbindAccountSafely(tid, "tc11a");
        Target t = cli.show().target(tid).orElseThrow();
        assertThat(t.incomingAccounts()).containsExactly("tc11b");
        assertThat(t.lun(1)).isPresent();
        cli.deleteAccount("tc11a");
        cli.deleteAccount("tc11b");
        cli.forceDeleteTarget(tid);
        assertThat(tgt.show().target(tid)).isEmpty();
    }

    private static TgtError error(Runnable call) {
        TgtRequestException e = catchThrowableOfType(TgtRequestException.class, call::run);
        assertThat(e).as("expected a TgtRequestException").isNotNull();
        return e.error();
    }
}
