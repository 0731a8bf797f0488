// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import static io.tgtha.tgt.RealTgtd.LOGIN_TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tgtha.testkit.IscsiUrl;
import io.tgtha.testkit.Lab;
import io.tgtha.testkit.TgtLab;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins tgtd 1.0.85's account-slot bug. A target keeps incoming accounts in an array {@code in_aids}
 * with a count {@code nr_inaccount}; unbind zeroes the account's slot and decrements the count, and
 * {@code show --mode target} (like the CHAP lookup) walks slots {@code 0..count-1}. Zeroing any slot but
 * the last leaves a hole inside that range: show dereferences account 0 (NULL) and tgtd dies with
 * SIGSEGV; CHAP finds no account for the slots pushed beyond the count. Each test gets its own tgtd.
 */
class Tgtd1085ShowSegfaultsAfterFirstOfTwoAccountsUnboundTest {
    static final String IQN = "iqn.2026-01.io.tgtha:segv";
    TgtLab lab;
    TgtClient tgt;
    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        Lab.requireRoot("tgtd", "tgtadm", "iscsi-inq", "timeout");
        lab = TgtLab.start(RealTgtd.LAB);
        tgt = RealTgtd.client(lab);
        tgt.createTarget(1, IQN);
        tgt.createLun(1, 1, LunSpec.disk(RealTgtd.sparseFile(dir, "segv.img", 16L << 20).toString()));
        tgt.bindInitiatorAddress(1, "ALL");
        for (String u : new String[] {"first", "second", "third"}) {
            tgt.createAccount(u, u + "-secret-pw");
        }
    }

    @AfterEach
    void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    private void assertTgtdCrashed(Runnable show) {
        TgtConnectionLostException e = catchThrowableOfType(TgtConnectionLostException.class, show::run);
        assertThat(e).as("show must lose the connection").isNotNull();
        assertThat(lab.tgtd().awaitExit(Duration.ofSeconds(5))).isTrue();
        assertThat(e.daemonStillListening()).isFalse();
        assertThat(lab.tgtd().exitStatus()).as("128 + SIGSEGV").isEqualTo(139);
        assertThatThrownBy(tgt::ping).isInstanceOf(TgtNotRunningException.class);
    }

    /** tgtd's plain unbind, as tgtadm does it (the client itself never sends this for a non-last account). */
    private void rawUnbind(String user) {
        lab.tgtd().tgtadm("--op", "unbind", "--mode", "account", "--tid", "1", "--user", user).orThrow();
    }

    @Test
    void theClientsPlainUnbindIsHoleFreeToo() {
        tgt.bindAccount(1, "first", AccountDirection.INCOMING);
        tgt.bindAccount(1, "second", AccountDirection.INCOMING);
        tgt.unbindAccount(1, "first", AccountDirection.INCOMING);
        assertThat(tgt.show().target(1).orElseThrow().incomingAccounts()).containsExactly("second");
        assertThat(login("second")).isTrue();
    }

    private boolean login(String user) {
        return lab.initiator().canLogin(IscsiUrl.lun(lab.targetIp(), IQN, 1).withChap(user, user + "-secret-pw"),
                LOGIN_TIMEOUT);
    }

    @Test
    void showSegfaultsTgtdAfterTheFirstOfTwoIncomingAccountsIsUnbound() {
        tgt.bindAccount(1, "first", AccountDirection.INCOMING);
        tgt.bindAccount(1, "second", AccountDirection.INCOMING);
        rawUnbind("first"); // tgtd says: success
        assertTgtdCrashed(tgt::showTargets);
    }

    @Test
    void unbindingTheLastOfTwoIsHarmless() {
        tgt.bindAccount(1, "first", AccountDirection.INCOMING);
        tgt.bindAccount(1, "second", AccountDirection.INCOMING);
        rawUnbind("second");
        assertThat(tgt.show().target(1).orElseThrow().incomingAccounts()).containsExactly("first");
        assertThat(lab.tgtd().isAlive()).isTrue();
    }

    @Test
    void aHoleAlsoLocksTheLastAccountOutOfLogin() {
        tgt.bindAccount(1, "first", AccountDirection.INCOMING);
        tgt.bindAccount(1, "second", AccountDirection.INCOMING);
        tgt.bindAccount(1, "third", AccountDirection.INCOMING);
        assertThat(login("third")).isTrue();
        rawUnbind("first");
        assertThat(login("second")).as("slot 1 < count 2").isTrue();
        assertThat(login("third")).as("slot 2 is beyond count 2: CHAP lookup misses it").isFalse();
        // do not show: that would crash tgtd (see above)
    }

    @Test
    void tgtdsOwnAccountDeleteLeavesTheSameHole() {
        tgt.bindAccount(1, "first", AccountDirection.INCOMING);
        tgt.bindAccount(1, "second", AccountDirection.INCOMING);
        // tgtd's delete unbinds the account from every target in place
        lab.tgtd().tgtadm("--op", "delete", "--mode", "account", "--user", "first").orThrow();
        assertTgtdCrashed(tgt::showTargets);
    }

    @Test
    void theClientsDeleteAccountUnbindsHoleFreeFirst() {
        tgt.bindAccount(1, "first", AccountDirection.INCOMING);
        tgt.bindAccount(1, "second", AccountDirection.INCOMING);
        tgt.deleteAccount("first");
        TgtState s = tgt.show();
        assertThat(s.target(1).orElseThrow().incomingAccounts()).containsExactly("second");
        assertThat(s.accounts()).doesNotContain("first");
        assertThat(login("second")).isTrue();
    }

    @Test
    void discoveryAccountsHaveTheSameHoleAndSystemShowSegfaults() {
        tgt.bindDiscoveryAccount("first", AccountDirection.INCOMING);
        tgt.bindDiscoveryAccount("second", AccountDirection.INCOMING);
        assertThat(tgt.discoveryAccounts().incoming()).containsExactly("first", "second");
        // tgtadm without --tid = GLOBAL_TID (discovery)
        lab.tgtd().tgtadm("--op", "unbind", "--mode", "account", "--user", "first").orThrow();
        assertTgtdCrashed(tgt::ping);
    }
}
