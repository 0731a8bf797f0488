// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.portblock;

import io.tgtha.ocf.lock.FileMutex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The 64 x 4 standby of the scale benchmark (fifth session): 64 unblock stops came in waves of 32, each took the
 * packet-filter mutex for two or three iptables runs of its own, and 16 stops failed waiting for it. Operations of
 * one JVM that queue for the mutex now apply their rule changes together, in one iptables-restore.
 */
class AWaveOfUnblockStopsSharesOneIptablesRestoreTest {
    private static final int TARGETS = 32;

    @TempDir
    Path runDir;

    private static Map<String, String> unblock(int i) {
        return Map.of("protocol", "tcp", "portno", "3260", "action", "unblock", "direction", "out",
                "ip", "10.231.7." + i);
    }

    private static Map<String, String> instance(int i) {
        return Map.of("OCF_RESOURCE_INSTANCE", "pb-unblock-" + i);
    }

    private List<AgentHarness.Outcome> stopAllWhileTheMutexIsHeld(AgentHarness h) throws Exception {
        FileMutex mutex = new FileMutex(runDir.resolve("locks"), FileMutex.PACKET_FILTER);
        RuleChangeQueue queue = RuleChangeQueue.of(mutex.file());
        ExecutorService pool = Executors.newFixedThreadPool(TARGETS);
        try {
            List<Future<AgentHarness.Outcome>> stops = new ArrayList<>();
            try (FileMutex.Held held = mutex.acquire(Duration.ofSeconds(10), "test: a long rule change")) {
                for (int i = 1; i <= TARGETS; i++) {
                    int n = i;
                    stops.add(pool.submit(() -> h.run("stop", unblock(n), instance(n))));
                }
                // every stop has queued (the first of them waits for the mutex we hold, as leader)
                long giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (queue.queued() < TARGETS && System.nanoTime() < giveUp) {
                    Thread.sleep(5);
                }
                assertThat(queue.queued()).as("stops queued behind the held mutex").isEqualTo(TARGETS);
            }
            List<AgentHarness.Outcome> outcomes = new ArrayList<>();
            for (Future<AgentHarness.Outcome> f : stops) {
                outcomes.add(f.get());
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private AgentHarness startedUnblocks() {
        AgentHarness h = new AgentHarness(runDir);
        for (int i = 1; i <= TARGETS; i++) {
            assertThat(h.run("start", unblock(i), instance(i)).rc()).isZero();
        }
        h.firewall.calls.clear();
        return h;
    }

    private static void assertEveryPortalBlockedOnceAndStopped(AgentHarness h, List<AgentHarness.Outcome> outcomes) {
        for (AgentHarness.Outcome o : outcomes) {
            assertThat(o.rc()).as(o.stderr()).isZero();
        }
        List<String> output = h.firewall.rules("iptables", "OUTPUT");
        assertThat(output).hasSize(TARGETS);
        for (int i = 1; i <= TARGETS; i++) {
            String ip = "-s 10.231.7." + i + "/32 ";
            assertThat(output.stream().filter(r -> r.startsWith(ip))).hasSize(1);
            assertThat(h.run("monitor", unblock(i), instance(i)).rc()).as("stopped").isEqualTo(7);
        }
    }

    @Test
    void stopsQueuedBehindTheMutexPutEveryBlockInWithOneRestore() throws Exception {
        AgentHarness h = startedUnblocks();
        List<AgentHarness.Outcome> outcomes = stopAllWhileTheMutexIsHeld(h);
        assertEveryPortalBlockedOnceAndStopped(h, outcomes);
        assertThat(h.firewall.runsOf("iptables-restore")).isEqualTo(1);
        assertThat(h.firewall.runsOf("iptables")).as("one listing before, one after").isEqualTo(2);
        assertThat(String.join("", outcomes.stream().map(AgentHarness.Outcome::stderr).toList()))
                .contains("with the changes of " + (TARGETS - 1) + " other operation(s)");
    }

    @Test
    void whenTheSharedRestoreFailsEachStopChangesItsOwnRulesAndNoneFails() throws Exception {
        AgentHarness h = startedUnblocks();
        h.firewall.nextRestoreFailure = "iptables-restore: line 2 failed: Bad rule\n";
        List<AgentHarness.Outcome> outcomes = stopAllWhileTheMutexIsHeld(h);
        assertEveryPortalBlockedOnceAndStopped(h, outcomes);
        assertThat(h.firewall.runsOf("iptables-restore")).isEqualTo(1);
        assertThat(String.join("", outcomes.stream().map(AgentHarness.Outcome::stderr).toList()))
                .contains("changing the rules of " + TARGETS + " portblock operations at once failed");
    }
}
