// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.iscsitarget;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgtha.testkit.Initiator;
import io.tgtha.testkit.IscsiUrl;
import io.tgtha.tgt.Target;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Stop under iscsi-perf load finishes within its timeout, every time, and leaves nothing behind. Odd
 * repetitions stop the LUN, then the target (the configured order); even ones stop the target while its
 * LUN is still there and busy (what a LUN stop failure or a manual stop leaves), then the LUN.
 */
class StopUnderLoadLabTest {
    static final int REPETITIONS = 20;
    static final long STOP_TIMEOUT_MS = 6000;

    @Test
    void stopUnderLoadIsBoundedEveryTime() throws Exception {
        AgentLab.require();
        try (AgentLab lab = AgentLab.start("t")) {
            Path disk = lab.backingFile("load.img", 64);
            String iqn = "iqn.2026-01.io.tgtha:lab.load";
            IscsiUrl url = IscsiUrl.lun(lab.targetIp(), iqn, 1);
            for (int rep = 1; rep <= REPETITIONS; rep++) {
                var target = lab.target(iqn).param("nop_interval", "1").param("nop_count", "2")
                        .timeoutMs(STOP_TIMEOUT_MS);
                var lun = lab.lun("p_lun_load", iqn, 1, disk).timeoutMs(STOP_TIMEOUT_MS);
                assertThat(target.run("start").rc()).isZero();
                assertThat(lun.run("start").rc()).isZero();
                try (Initiator.PerfLoad perf = lab.initiator().startPerf(url, Duration.ofSeconds(20), 5)) {
                    awaitSession(lab, iqn, perf);
                    lab.awaitTraffic(4 << 20, Duration.ofSeconds(20)); // commands in flight
                    AgentCall.Result first;
                    AgentCall.Result second;
                    if (rep % 2 == 1) {
                        // Pacemaker keeps running the target's recurring monitor while the LUN stops
                        List<AgentCall.Result> monitors = new java.util.concurrent.CopyOnWriteArrayList<>();
                        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean(true);
                        var monitorCall = lab.target(iqn).param("nop_interval", "1").param("nop_count", "2").recurring();
                        Thread monitor = new Thread(() -> {
                            while (stopping.get()) {
                                monitors.add(monitorCall.run("monitor"));
                                try {
                                    Thread.sleep(25);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        });
                        monitor.start();
                        first = lun.run("stop");
                        stopping.set(false);
                        monitor.join();
                        assertThat(monitors).as("rep " + rep + ": target monitors during the LUN stop")
                                .isNotEmpty().allSatisfy(m -> assertThat(m.rc()).as(m.toString()).isZero());
                        second = target.run("stop");
                    } else {
                        first = target.run("stop");
                        second = lun.run("stop");
                    }
                    assertThat(first.rc()).as("rep " + rep + " first stop: " + first).isZero();
                    assertThat(second.rc()).as("rep " + rep + " second stop: " + second).isZero();
                    System.out.printf("stop under load rep %2d (%s first): %5d ms + %5d ms%n", rep,
                            rep % 2 == 1 ? "LUN" : "target", first.millis(), second.millis());
                    assertThat(first.millis()).as("rep " + rep).isLessThan(STOP_TIMEOUT_MS);
                    assertThat(second.millis()).as("rep " + rep).isLessThan(STOP_TIMEOUT_MS);
                    List<Target> left = lab.client().showTargets();
                    assertThat(left).as("rep " + rep + ": nothing left behind").isEmpty();
                    assertThat(target.run("monitor").rc()).isEqualTo(7);
                    assertThat(lun.run("monitor").rc()).isEqualTo(7);
                }
            }
            assertThat(lab.tgtd().isAlive()).isTrue();
        }
    }

    private static void awaitSession(AgentLab lab, String iqn, Initiator.PerfLoad perf) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            Target t = lab.client().showTargets().stream().filter(x -> x.iqn().equals(iqn)).findFirst().orElseThrow();
            if (t.hasSessions()) {
                return;
            }
            assertThat(perf.isAlive()).as("iscsi-perf died: " + perf.output()).isTrue();
            Thread.sleep(20);
        }
        throw new AssertionError("iscsi-perf never logged in: " + perf.output());
    }
}
