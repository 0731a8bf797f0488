// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgtha.agent.account.AgentHarness.Outcome;
import io.tgtha.agent.iscsitarget.TargetAgent;
import io.tgtha.ocf.lock.FileMutex;
import io.tgtha.testkit.Lab;
import io.tgtha.tgt.Target;
import io.tgtha.tgt.TgtClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The account agent's stop ("is any target bound? no: delete") and a target agent's start ("bind the
 * account, go ready") both hold the node's tgt-config lock, so they cannot interleave: whichever runs
 * second sees the other's result. Without it, a delete right after a bind would leave a ready target
 * with no account, open to logins without CHAP. The test races the two (the account agent as its own
 * JVM, the target agent in this one, sharing /run/tgtha/locks as on a node), steering the delay
 * towards the point where either can win, and checks after every round that no target exists without
 * the account bound. The race window without the lock is a few milliseconds, so the race alone would
 * rarely catch a missing lock; the deterministic test holds the lock itself and does (checked by
 * pointing the agent at another lock directory: it then fails).
 */
class AccountStopRacingTargetStartLabTest {
    static final String USER = "race-chap";
    static final String SECRET = "Race-Secret-0123456";
    static final String IQN = "iqn.2026-01.io.tgtha.ag:race";

    @TempDir
    Path dir;

    @BeforeAll
    static void lab() {
        Lab.requireRoot("tgtd", "tgtadm", "iscsi-inq");
    }

    /**
     * Deterministic: while a "target agent" (this test) holds the node's tgt-config lock and binds the
     * account, the account agent's stop waits; once the lock is released it sees the binding and keeps
     * the account. An account agent that did not take the same lock would delete the account first.
     */
    @Test
    void accountStopWaitsForTheConfigLockAndThenSeesTheNewBinding() throws Exception {
        try (TwoNodeLab lab = TwoNodeLab.start(dir, 196)) {
            TgtClient tgt = lab.client(0);
            Map<String, String> acc = new HashMap<>();
            acc.put("OCF_RESKEY_username", USER);
            acc.put("OCF_RESKEY_password", SECRET);
            acc.put("OCF_RESKEY_tgt_control_port", Integer.toString(lab.port(0)));
            acc.put("OCF_RESKEY_CRM_meta_timeout", "20000");
            assertThat(AgentProcess.run(acc, "start").rc()).isZero();
            AgentProcess.Running stop;
            FileMutex mutex = new FileMutex(FileMutex.defaultLockDir(), FileMutex.TGT_CONFIG);
            try (FileMutex.Held held = mutex.acquire(Duration.ofSeconds(10), "test: target start")) {
                stop = AgentProcess.start(acc, "stop");
                assertThat(opensWithin(stop.process(), mutex.file().toRealPath(), Duration.ofSeconds(60)))
                        .as("account stop reaches the tgt-config lock").isTrue();
                assertThat(stop.process().isAlive()).as("account stop waits for the tgt-config lock").isTrue();
                assertThat(tgt.accounts()).containsExactly(USER);
                // what a target agent's start does under the lock (its own FileMutex would be re-entered
                // by this thread, which fcntl locks do not allow within one process: hence the raw client)
                tgt.createTarget(1, IQN);
                tgt.createLun(1, 1, io.tgtha.tgt.LunSpec.disk(lab.backingFile("race.img").toString()));
                tgt.bindAccount(1, USER, io.tgtha.tgt.AccountDirection.INCOMING);
                tgt.bindInitiatorAddress(1, "ALL");
            }
            Outcome stopped = stop.await();
            assertThat(stopped.rc()).as(stopped.stderr()).isZero();
            assertThat(stopped.stderr()).contains("NOT deleting it");
            assertThat(tgt.accounts()).containsExactly(USER);
            assertThat(lab.canLogin(0, IQN, null, null)).isFalse();
            assertThat(lab.canLogin(0, IQN, USER, SECRET)).isTrue();
            lab.assertTgtdHealthy(0);
        }
    }

    /** True once {@code process} has {@code file} open: it has reached the lock (an event, not a delay). */
    private static boolean opensWithin(Process process, Path file, Duration within) throws Exception {
        Path fds = Path.of("/proc", Long.toString(process.pid()), "fd");
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (var links = Files.list(fds)) {
                if (links.anyMatch(l -> {
                    try {
                        return Files.readSymbolicLink(l).equals(file);
                    } catch (Exception e) {
                        return false; // closed meanwhile
                    }
                })) {
                    return true;
                }
            } catch (java.io.IOException e) {
                return false; // the process is gone
            }
            Thread.sleep(20);
        }
        return false;
    }

    @Test
    void anAccountStopRacingATargetStartNeverLeavesATargetWithoutItsAccount() throws Exception {
        try (TwoNodeLab lab = TwoNodeLab.start(dir, 188)) {
            TgtClient tgt = lab.client(0);
            Map<String, String> acc = new HashMap<>();
            acc.put("OCF_RESKEY_username", USER);
            acc.put("OCF_RESKEY_password", SECRET);
            acc.put("OCF_RESKEY_tgt_control_port", Integer.toString(lab.port(0)));
            Map<String, String> target = LabTargets.targetEnv(lab.port(0), 1, IQN, USER);
            int targetWon = 0;
            int stopWon = 0;
            long delayMs = 150;
            List<String> rounds = new ArrayList<>();
            for (int round = 0; round < 40 && (targetWon < 3 || stopWon < 3); round++) {
                assertThat(AgentProcess.run(acc, "start").rc()).isZero();
                AgentProcess.Running stop = AgentProcess.start(acc, "stop");
                Thread.sleep(delayMs);
                Outcome started = AgentHarness.run(new TargetAgent(), target, "start");
                Outcome stopped = stop.await();
                assertThat(stopped.rc()).as(stopped.stderr()).isZero();

                List<Target> targets = tgt.showTargets();
                List<String> accounts = tgt.accounts();
                if (started.rc() == 0) {
                    // the target won: it is bound, so the stop must have kept the account
                    targetWon++;
                    delayMs += 30; // start the target later: let the stop get the lock first
                    assertThat(targets).hasSize(1);
                    assertThat(targets.get(0).incomingAccounts()).containsExactly(USER);
                    assertThat(accounts).containsExactly(USER);
                    assertThat(stopped.stderr()).contains("NOT deleting it");
                } else {
                    // the stop won: the target start found no account and failed without leaving a target
                    stopWon++;
                    delayMs = Math.max(0, delayMs - 30);
                    assertThat(started.stderr()).contains("does not exist");
                    assertThat(accounts).isEmpty();
                    assertThat(targets).allSatisfy(t -> assertThat(t.incomingAccounts()).contains(USER));
                }
                rounds.add((started.rc() == 0 ? "T" : "S") + delayMs);
                lab.assertTgtdHealthy(0);
                // clean up for the next round
                if (!tgt.showTargets().isEmpty()) {
                    assertThat(AgentHarness.run(new TargetAgent(), target, "stop").rc()).isZero();
                }
                assertThat(AgentProcess.run(acc, "stop").rc()).isZero();
                assertThat(tgt.accounts()).isEmpty();
            }
            assertThat(targetWon).as("rounds where the target start won: " + rounds).isGreaterThan(0);
            assertThat(stopWon).as("rounds where the account stop won: " + rounds).isGreaterThan(0);
        }
    }
}
