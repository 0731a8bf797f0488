// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.account;

import static io.tgtha.agent.account.AgentHarness.env;
import static io.tgtha.agent.account.AgentHarness.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.tgtha.agent.account.AgentHarness.Outcome;
import io.tgtha.tgt.AccountDirection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The agent's decisions against an in-memory tgtd; the lab tests repeat what matters against real tgtd. */
class AccountAgentDecisionsTest extends AccountAgentOnFakeTgt {
    static final String SECRET = "first-Secret-0001";
    static final String OTHER = "second-Secret-0002";

    static Map<String, String> cfg(String secret, String... more) {
        Map<String, String> e = env("username", "shared", "password", secret, "OCF_RESKEY_CRM_meta_interval", "30000");
        e.putAll(env(more));
        return e;
    }

    @Test
    void startCreatesThenAdoptsTheIdenticalAccount() {
        assertThat(run(agent, cfg(SECRET), "start").rc()).isZero();
        assertThat(tgt.secrets).containsEntry("shared", SECRET);
        assertThat(run(agent, cfg(SECRET), "start").rc()).isZero();
        assertThat(tgt.journal).containsExactly("create shared");
        assertThat(run(agent, cfg(SECRET), "monitor").rc()).isZero();
    }

    @Test
    void aChangedSecretIsRecreatedWhileNoTargetBindsTheAccount() {
        run(agent, cfg(SECRET), "start");
        Outcome o = run(agent, cfg(OTHER), "start");
        assertThat(o.rc()).as(o.stderr()).isZero();
        assertThat(tgt.secrets).containsEntry("shared", OTHER);
        assertThat(tgt.journal).containsExactly("create shared", "delete shared", "create shared");
        assertThat(o.all()).doesNotContain(SECRET).doesNotContain(OTHER);
    }

    @Test
    void aChangedSecretFailsTheStartWhileATargetBindsItAndTouchesNothing() {
        run(agent, cfg(SECRET), "start");
        tgt.addTarget(1);
        tgt.bindAccount(1, "shared", AccountDirection.INCOMING);
        tgt.journal.clear();
        Outcome o = run(agent, cfg(OTHER), "start");
        assertThat(o.rc()).isEqualTo(1);
        assertThat(o.stderr()).contains("different secret").contains("fake1 (tid 1)").contains("stop those targets first");
        assertThat(tgt.journal).isEmpty();
        assertThat(tgt.secrets).containsEntry("shared", SECRET);
        assertThat(o.all()).doesNotContain(SECRET).doesNotContain(OTHER);
    }

    @Test
    void anAccountMadeElsewhereIsRecreatedWhenUnusedAndAdoptedWithAWarningWhenBound() {
        tgt.createAccount("shared", "made-by-hand-999");
        tgt.journal.clear();
        assertThat(run(agent, cfg(SECRET), "start").rc()).isZero();
        assertThat(tgt.secrets).containsEntry("shared", SECRET);

        FakeTgtClient other = new FakeTgtClient();
        other.createAccount("shared", "made-by-hand-999");
        other.addTarget(3);
        other.bindAccount(3, "shared", AccountDirection.INCOMING);
        other.journal.clear();
        AccountAgent a = new AccountAgent(other, new PasswordRecords(dir.resolve("r2")), dir.resolve("locks"));
        Outcome o = run(a, cfg(SECRET), "start");
        assertThat(o.rc()).isZero();
        assertThat(o.stderr()).contains("adopted as is");
        assertThat(other.journal).isEmpty();
        Outcome deep = run(a, cfg(SECRET, "OCF_CHECK_LEVEL", "10"), "monitor");
        assertThat(deep.rc()).isZero();
    }

    @Test
    void stopNeverDeletesAnAccountATargetStillBinds() {
        run(agent, cfg(SECRET), "start");
        tgt.addTarget(1);
        tgt.addTarget(2);
        tgt.bindAccount(1, "shared", AccountDirection.INCOMING);
        tgt.bindAccount(2, "shared", AccountDirection.OUTGOING);
        Outcome keep = run(agent, cfg(SECRET), "stop");
        assertThat(keep.rc()).isZero();
        assertThat(keep.stderr()).contains("NOT deleting").contains("fake1 (tid 1)").contains("fake2 (tid 2)");
        assertThat(tgt.secrets).containsKey("shared");
        assertThat(tgt.incoming.get(1)).containsExactly("shared");

        Outcome fail = run(agent, cfg(SECRET, "stop_if_bound", "fail"), "stop");
        assertThat(fail.rc()).isEqualTo(1);
        assertThat(tgt.secrets).containsKey("shared");
    }

    @Test
    void stopDeletesAnUnboundAccountAndForgetsItsSecret() {
        run(agent, cfg(SECRET), "start");
        assertThat(records.exists("shared")).isTrue();
        assertThat(run(agent, cfg(SECRET), "stop").rc()).isZero();
        assertThat(tgt.secrets).isEmpty();
        assertThat(records.exists("shared")).isFalse();
        assertThat(run(agent, cfg(SECRET), "stop").rc()).isZero();
        assertThat(run(agent, cfg(SECRET), "monitor").rc()).isEqualTo(7);
    }

    @Test
    void withTgtdDownStopSucceedsAProbeSaysNotRunningAndStartFails() {
        tgt.running = false;
        assertThat(run(agent, cfg(SECRET), "stop").rc()).isZero();
        Map<String, String> probe = cfg(SECRET);
        probe.remove("OCF_RESKEY_CRM_meta_interval");
        assertThat(run(agent, probe, "monitor").rc()).isEqualTo(7);
        Outcome recurring = run(agent, cfg(SECRET), "monitor");
        assertThat(recurring.rc()).isEqualTo(7);
        assertThat(recurring.stderr()).contains("tgtd (control port 0) is not running");
        Outcome start = run(agent, cfg(SECRET), "start");
        assertThat(start.rc()).isEqualTo(1);
        assertThat(start.stderr()).contains("tgtd is not running");
    }

    @Test
    void discoveryBindingIsMadeCheckedAndRemovedBeforeDelete() {
        Map<String, String> e = cfg(SECRET, "discovery", "true");
        assertThat(run(agent, e, "start").rc()).isZero();
        assertThat(tgt.discoveryIncoming).containsExactly("shared");
        Map<String, String> deep = cfg(SECRET, "discovery", "true", "OCF_CHECK_LEVEL", "10");
        assertThat(run(agent, deep, "monitor").rc()).isZero();
        tgt.discoveryIncoming.clear();
        Outcome lost = run(agent, deep, "monitor");
        assertThat(lost.rc()).isEqualTo(1);
        assertThat(lost.stderr()).contains("no longer bound to discovery");
        assertThat(run(agent, e, "start").rc()).isZero();
        assertThat(tgt.discoveryIncoming).containsExactly("shared");
        tgt.journal.clear();
        assertThat(run(agent, e, "stop").rc()).isZero();
        assertThat(tgt.journal).containsExactly("unbind discovery shared", "delete shared");
    }

    @Test
    void anOutgoingDiscoveryAccountHeldByAnotherIsAConfigurationConflict() {
        tgt.createAccount("someone", "x-x-x-x-x-x-x");
        tgt.bindDiscoveryAccount("someone", AccountDirection.OUTGOING);
        Outcome o = run(agent, cfg(SECRET, "discovery", "yes", "direction", "outgoing"), "start");
        assertThat(o.rc()).isEqualTo(6);
        assertThat(o.stderr()).contains("already has outgoing account someone");
    }

    @Test
    void aThoroughMonitorWarnsAboutABindingInTheWrongDirection() {
        run(agent, cfg(SECRET), "start");
        tgt.addTarget(4);
        tgt.bindAccount(4, "shared", AccountDirection.OUTGOING);
        Outcome o = run(agent, cfg(SECRET, "OCF_CHECK_LEVEL", "10"), "monitor");
        assertThat(o.rc()).isZero();
        assertThat(o.stderr()).contains("binds account shared as outgoing but the account is configured as incoming");
    }

    @Test
    void recordsHoldNoSecretAndAreOwnerOnly() throws Exception {
        run(agent, cfg(SECRET), "start");
        Path f = records.fileOf("shared");
        assertThat(Files.readString(f)).doesNotContain(SECRET).startsWith("v1 PBKDF2WithHmacSHA256 ");
        assertThat(Files.getPosixFilePermissions(f)).hasSize(2);
        assertThat(records.verdict("shared", io.tgtha.ocf.Secret.of(SECRET))).isEqualTo(PasswordRecords.Verdict.SAME);
        assertThat(records.verdict("shared", io.tgtha.ocf.Secret.of(OTHER))).isEqualTo(PasswordRecords.Verdict.CHANGED);
    }
}
