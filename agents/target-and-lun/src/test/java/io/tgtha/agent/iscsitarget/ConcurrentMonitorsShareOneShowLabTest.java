// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.iscsitarget;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgtha.agent.lun.LunAgents;
import io.tgtha.agent.tgt.TgtConnector;
import io.tgtha.testkit.TgtdRequestCounter;
import io.tgtha.tgt.ShowSharing;
import io.tgtha.tgt.TargetName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Issue 15: tgtd has no show of one target, so each target or LUN monitor made tgtd build the whole show, and a
 * round of a node's monitors cost tgtd N² work. In the agent host, monitors that overlap share one show. Against
 * the real tgtd (16 targets x 4 LUNs, counted by a relay), all 80 monitors released together by a latch make
 * fewer shows than monitors, each with the right exit code; and a LUN or target removed before a monitor asks is
 * gone for that monitor, also while other monitors keep shows in flight all the time.
 */
class ConcurrentMonitorsShareOneShowLabTest {
    private static final String IQN = "iqn.2026-12.io.tgtha:share.t";
    private static final int TARGETS = 16;
    private static final int LUNS = 4;
    private static final int ROUNDS = 5;
    /** Starts and stops of the set-up: generous, the lab's tgtd shares a capped CPU with the other tests. */
    private static final long SET_UP_MS = 120_000;

    @Test
    void concurrentMonitorsShareShowsAndEachSeesTheNodeAsItWasWhenItAsked() throws Exception {
        AgentLab.require();
        Path dir = Files.createTempDirectory("share-");
        try (AgentLab lab = AgentLab.start("t");
             TgtdRequestCounter relay = TgtdRequestCounter.relay(dir.resolve("relay.sock"),
                     TgtdRequestCounter.tgtdSocket(lab.port()))) {
            for (int i = 1; i <= TARGETS; i++) {
                start(lab, i);
            }
            TgtConnector shared = AgentLab.connectorVia(relay.socket(), new ShowSharing());
            Map<String, Integer> expected = new LinkedHashMap<>();
            for (int i = 1; i <= TARGETS; i++) {
                expected.put("t" + i, 0);
                for (int l = 1; l <= LUNS; l++) {
                    expected.put("t" + i + "l" + l, 0);
                }
            }
            roundsUntilShared(lab, relay, shared, expected);

            // gone before anyone asks: every monitor of the next rounds must see it gone
            assertThat(lab.lun(lun(1, 2), iqn(1), 2, lab.backingFilePath(disk(1, 2))).timeoutMs(SET_UP_MS).run("stop")
                    .rc()).isZero();
            int tid16 = lab.client().targetNames().stream().filter(n -> n.iqn().equals(iqn(16)))
                    .mapToInt(TargetName::tid).findFirst().orElseThrow();
            lab.client().forceDeleteTarget(tid16);
            expected.put("t1l2", 7);
            expected.put("t16", 7);
            for (int l = 1; l <= LUNS; l++) {
                expected.put("t16l" + l, 7);
            }
            roundsUntilShared(lab, relay, shared, expected);

            removedWhileOtherMonitorsKeepShowsInFlight(lab, shared);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /**
     * All monitors at once, each on its own thread, released by one latch; rounds repeat (bounded) until one made
     * fewer shows than monitors: on a loaded machine the threads may not overlap in a round.
     */
    private static void roundsUntilShared(AgentLab lab, TgtdRequestCounter relay, TgtConnector shared,
                                          Map<String, Integer> expected) throws Exception {
        List<Long> shows = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            relay.drain();
            Map<String, Integer> rcs = concurrentRound(lab, shared, expected.keySet());
            assertThat(rcs).as("exit code of every monitor, round " + round).isEqualTo(expected);
            long n = relay.drain().stream().filter(e -> e.what().equals("show target")).count();
            shows.add(n);
            if (n < expected.size()) {
                break;
            }
        }
        assertThat(shows).as("shows per round of " + expected.size() + " concurrent monitors")
                .anyMatch(n -> n < expected.size() && n > 0);
    }

    private static Map<String, Integer> concurrentRound(AgentLab lab, TgtConnector shared, Iterable<String> names)
            throws Exception {
        List<String> order = new ArrayList<>();
        names.forEach(order::add);
        ExecutorService pool = Executors.newFixedThreadPool(order.size());
        try {
            CountDownLatch ready = new CountDownLatch(order.size());
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (String name : order) {
                AgentCall monitor = monitor(lab, shared, name);
                results.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return monitor.run("monitor").rc();
                }));
            }
            assertThat(ready.await(60, TimeUnit.SECONDS)).as("every monitor thread ready").isTrue();
            go.countDown();
            Map<String, Integer> rcs = new LinkedHashMap<>();
            for (int i = 0; i < order.size(); i++) {
                rcs.put(order.get(i), results.get(i).get(120, TimeUnit.SECONDS));
            }
            return rcs;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Monitors of other targets run in a loop on two threads, so a show is nearly always in flight; a LUN is
     * added or removed and its monitor asked at once: it must see the change every time, never a show that was
     * already on its way when it asked.
     */
    private static void removedWhileOtherMonitorsKeepShowsInFlight(AgentLab lab, TgtConnector shared)
            throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService background = Executors.newFixedThreadPool(2);
        List<Future<Integer>> loops = new ArrayList<>();
        try {
            for (int k = 0; k < 2; k++) {
                int target = 2 + k;
                loops.add(background.submit(() -> {
                    int monitors = 0;
                    while (running.get()) {
                        int rc = monitor(lab, shared, "t" + target + "l1").run("monitor").rc();
                        if (rc != 0) {
                            throw new AssertionError("background monitor of t" + target + "l1: rc " + rc);
                        }
                        monitors++;
                    }
                    return monitors;
                }));
            }
            AgentCall lun12 = lab.lun(lun(1, 2), iqn(1), 2, lab.backingFilePath(disk(1, 2))).timeoutMs(SET_UP_MS);
            for (int i = 0; i < 10; i++) {
                assertThat(lun12.run("start").rc()).isZero();
                AgentCall.Result added = monitor(lab, shared, "t1l2").run("monitor");
                assertThat(added.rc()).as("added, attempt " + i + ": " + added).isZero();
                assertThat(lun12.run("stop").rc()).isZero();
                AgentCall.Result removed = monitor(lab, shared, "t1l2").run("monitor");
                assertThat(removed.rc()).as("removed, attempt " + i + ": " + removed).isEqualTo(7);
            }
        } finally {
            running.set(false);
            background.shutdown();
        }
        for (Future<Integer> loop : loops) {
            assertThat(loop.get(120, TimeUnit.SECONDS)).as("background monitors ran").isPositive();
        }
    }

    private static void start(AgentLab lab, int i) {
        AgentCall.Result t = lab.target(iqn(i)).timeoutMs(SET_UP_MS).run("start");
        assertThat(t.rc()).as(t.toString()).isZero();
        for (int l = 1; l <= LUNS; l++) {
            AgentCall.Result r = lab.lun(lun(i, l), iqn(i), l, lab.backingFile(disk(i, l), 8)).timeoutMs(SET_UP_MS)
                    .run("start");
            assertThat(r.rc()).as(r.toString()).isZero();
        }
    }

    /** "t3" is target 3's monitor, "t3l2" its LUN 2's; through {@code shared}, as the agent host runs them. */
    private static AgentCall monitor(AgentLab lab, TgtConnector shared, String name) {
        int l = name.indexOf('l');
        int i = Integer.parseInt(l < 0 ? name.substring(1) : name.substring(1, l));
        AgentCall call = l < 0
                ? new AgentCall(new TargetAgent(shared)).env("OCF_RESOURCE_INSTANCE", "p_target_t" + i)
                        .param("iqn", iqn(i))
                : new AgentCall(LunAgents.with(shared)).env("OCF_RESOURCE_INSTANCE", lun(i, Integer.parseInt(
                        name.substring(l + 1)))).param("target_iqn", iqn(i)).param("lun", name.substring(l + 1))
                        .param("path", lab.backingFilePath(disk(i, Integer.parseInt(name.substring(l + 1)))).toString());
        return call.param("tgt_control_port", Integer.toString(lab.port())).timeoutMs(60_000).recurring();
    }

    private static String iqn(int i) {
        return IQN + i;
    }

    private static String lun(int i, int l) {
        return "p_lun_t" + i + "_" + l;
    }

    private static String disk(int i, int l) {
        return "t" + i + "l" + l;
    }
}
