// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgtha.agent.account.AgentHarness.Outcome;
import io.tgtha.testkit.Lab;
import io.tgtha.tgt.AccountDirection;
import io.tgtha.tgt.TgtClient;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: a target that has an incoming account never accepts a login without CHAP or with a wrong
 * secret, whatever the account changes the agents make meanwhile: an account added and bound, the first
 * of several accounts of a target unbound (again and again), the account clone stopped while targets
 * bind it, a secret change refused while bound and then done the Pacemaker way (targets, account, account,
 * targets), an account removed. Two prober threads log in with libiscsi for the whole time, without CHAP
 * and with wrong secrets, against every target; none may succeed, both must have tried while the changes
 * ran, and the right secrets log in afterwards.
 */
class ChapNeverOpenDuringAccountChangesLabTest {
    static final String A = "gate-a";
    static final String B = "gate-b";
    static final String C = "gate-c";
    static final String T1 = "iqn.2026-01.io.tgtha.ag:gate1";
    static final String T2 = "iqn.2026-01.io.tgtha.ag:gate2";
    static final String T3 = "iqn.2026-01.io.tgtha.ag:gate3";

    @TempDir
    Path dir;

    @BeforeAll
    static void lab() {
        Lab.requireRoot("tgtd", "tgtadm", "iscsi-inq", "timeout");
    }

    private Map<String, String> account(TwoNodeLab lab, String user, String secret) {
        Map<String, String> env = new HashMap<>();
        env.put("OCF_RESKEY_username", user);
        env.put("OCF_RESKEY_password", secret);
        env.put("OCF_RESKEY_tgt_control_port", Integer.toString(lab.port(0)));
        env.put("OCF_RESOURCE_INSTANCE", "acc-" + user);
        env.put("TGTHA_RUN_DIR", dir.resolve("run").toString());
        return env;
    }

    private static void ok(Outcome o, String what) {
        assertThat(o.rc()).as(what + ": " + o.stderr()).isZero();
    }

    /** Logs in over and over, without CHAP and with wrong secrets, until stopped; records any success. */
    private static final class Prober implements Runnable {
        final TwoNodeLab lab;
        final String user;
        final String wrongSecret;
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicBoolean changing = new AtomicBoolean(false);
        final AtomicInteger triesWhileChanging = new AtomicInteger();
        final ConcurrentLinkedQueue<String> succeeded = new ConcurrentLinkedQueue<>();

        Prober(TwoNodeLab lab, String user, String wrongSecret) {
            this.lab = lab;
            this.user = user;
            this.wrongSecret = wrongSecret;
        }

        @Override
        public void run() {
            while (running.get()) {
                for (String iqn : List.of(T1, T2, T3)) {
                    boolean during = changing.get();
                    boolean in = user == null ? lab.canLogin(0, iqn, null, null)
                            : lab.canLogin(0, iqn, user, wrongSecret);
                    if (in) {
                        succeeded.add(iqn + (user == null ? " without CHAP" : " as " + user + " with a wrong secret"));
                    }
                    if (during && changing.get()) {
                        triesWhileChanging.incrementAndGet();
                    }
                }
            }
        }
    }

    @Test
    void noLoginWithoutTheRightSecretSucceedsWhileAccountsAreAddedRemovedRotatedAndStopped() throws Exception {
        try (TwoNodeLab lab = TwoNodeLab.start(dir, 220)) {
            TgtClient tgt = lab.client(0);
            Map<String, String> a = account(lab, A, "Gate-Secret-A-0001");
            Map<String, String> b = account(lab, B, "Gate-Secret-B-0001");
            Map<String, String> c = account(lab, C, "Gate-Secret-C-0001");
            ok(AgentProcess.run(a, "start"), "start " + A);
            ok(AgentProcess.run(b, "start"), "start " + B);
            LabTargets.start(tgt, 1, T1, lab.backingFile("g1.img"), A + " " + B);
            LabTargets.start(tgt, 2, T2, lab.backingFile("g2.img"), A);
            assertThat(tgt.showTargets().get(0).incomingAccounts()).containsExactly(A, B);

            Prober noChap = new Prober(lab, null, null);
            Prober wrong = new Prober(lab, A, "Not-The-Secret-01");
            Prober oldSecret = new Prober(lab, B, "Gate-Secret-B-0001-old");
            List<Prober> probers = List.of(noChap, wrong, oldSecret);
            List<Thread> threads = probers.stream().map(p -> new Thread(p, "prober")).toList();
            threads.forEach(Thread::start);
            probers.forEach(p -> p.changing.set(true));
            try {
                // add: a new account, then a new target that binds it
                ok(AgentProcess.run(c, "start"), "start " + C);
                LabTargets.start(tgt, 3, T3, lab.backingFile("g3.img"), C);

                // the first of several incoming accounts of a target, unbound and bound again, several times
                for (int i = 0; i < 4; i++) {
                    String first = tgt.showTargets().get(0).incomingAccounts().get(0);
                    tgt.unbindAccountSafely(1, first);
                    tgt.bindAccount(1, first, AccountDirection.INCOMING);
                }

                // the account clone stopped while targets bind the account: it stays
                Outcome kept = AgentProcess.run(a, "stop");
                ok(kept, "stop " + A + " while bound");
                assertThat(tgt.accounts()).contains(A);

                // a secret change while bound is refused and changes nothing
                Map<String, String> b2 = account(lab, B, "Gate-Secret-B-0002");
                assertThat(AgentProcess.run(b2, "start").rc()).isEqualTo(1);
                // the Pacemaker way: the node's targets stop, the account restarts with the new secret
                LabTargets.stop(tgt, 1);
                ok(AgentProcess.run(b, "stop"), "stop " + B);
                ok(AgentProcess.run(b2, "start"), "start " + B + " with the new secret");
                LabTargets.start(tgt, 1, T1, lab.backingFile("g1.img"), A + " " + B);

                // remove: a target and its account
                LabTargets.stop(tgt, 3);
                ok(AgentProcess.run(c, "stop"), "stop " + C);
                assertThat(tgt.accounts()).doesNotContain(C);
            } finally {
                probers.forEach(p -> p.changing.set(false));
                probers.forEach(p -> p.running.set(false));
                for (Thread t : threads) {
                    t.join(60_000);
                }
            }

            for (Prober p : probers) {
                assertThat(p.succeeded).as("logins that must have been refused").isEmpty();
                assertThat(p.triesWhileChanging.get()).as("logins tried while the accounts changed").isPositive();
            }
            assertThat(lab.canLogin(0, T1, A, "Gate-Secret-A-0001")).isTrue();
            assertThat(lab.canLogin(0, T1, B, "Gate-Secret-B-0002")).isTrue();
            assertThat(lab.canLogin(0, T1, B, "Gate-Secret-B-0001")).isFalse();
            assertThat(lab.canLogin(0, T2, A, "Gate-Secret-A-0001")).isTrue();
            assertThat(lab.canLogin(0, T2, null, null)).isFalse();
            lab.assertTgtdHealthy(0);

            LabTargets.stop(tgt, 1);
            LabTargets.stop(tgt, 2);
            ok(AgentProcess.run(a, "stop"), "stop " + A);
            ok(AgentProcess.run(account(lab, B, "Gate-Secret-B-0002"), "stop"), "stop " + B);
            assertThat(tgt.accounts()).isEmpty();
        }
    }
}
