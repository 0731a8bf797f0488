// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgtha.testkit.Lab;
import io.tgtha.testkit.TgtLab;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Two other processes and a thread of this one churn different accounts of the same target (safe unbind,
 * re-bind) while a reader shows the target non-stop. The account-slot lock keeps each multi-request plan
 * atomic, so no show ever meets a hole and tgtd survives.
 */
class ConcurrentAccountChangesNeverLeaveAHoleTest {

    @Test
    void churnFromSeveralProcessesWhileShowing() throws Exception {
        Lab.requireRoot("tgtd", "tgtadm");
        try (TgtLab lab = TgtLab.start(RealTgtd.LAB)) {
            TgtClient tgt = RealTgtd.client(lab);
            tgt.createTarget(1, "iqn.2026-01.io.tgtha:churn");
            List<String> users = List.of("c0", "c1", "c2", "c3", "c4", "c5");
            for (String u : users) {
                tgt.createAccount(u, u + "-secret-pw");
                tgt.bindAccount(1, u, AccountDirection.INCOMING);
            }
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger shows = new AtomicInteger();
            AtomicReference<Throwable> readerFailure = new AtomicReference<>();
            Thread reader = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        tgt.showTargets();
                        shows.incrementAndGet();
                    } catch (Throwable t) {
                        readerFailure.compareAndSet(null, t);
                        return;
                    }
                }
            });
            reader.start();

            String java = ProcessHandle.current().info().command().orElse("java");
            String cp = System.getProperty("java.class.path");
            List<Process> workers = new ArrayList<>();
            for (List<String> mine : List.of(users.subList(0, 2), users.subList(2, 4))) {
                List<String> cmd = new ArrayList<>(List.of(java, "-cp", cp, SlotChurnMain.class.getName(),
                        Integer.toString(lab.tgtd().controlPort()), "1", "25"));
                cmd.addAll(mine);
                workers.add(new ProcessBuilder(cmd).redirectErrorStream(true).start());
            }
            // start all three churns together, once the cold JVMs are up: otherwise this thread's churn
            // could be over before a worker's begins, and the plans would never meet
            List<BufferedReader> outputs = new ArrayList<>();
            for (Process w : workers) {
                BufferedReader r = new BufferedReader(new InputStreamReader(w.getInputStream(), StandardCharsets.UTF_8));
                assertThat(r.readLine()).as("worker connected").isEqualTo("ready");
                outputs.add(r);
            }
            for (Process w : workers) {
                w.getOutputStream().write('\n');
                w.getOutputStream().close();
            }
            // this thread churns until both workers are done (at least 25 rounds, bounded): the workers'
            // churn lies inside this one's, so plans of three processes overlap whatever the scheduling
            int showsBefore = shows.get();
            TgtClient mine = RealTgtd.client(lab);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            int rounds = 0;
            do {
                SlotChurnMain.churnOnce(mine, 1, List.of("c4", "c5"));
                rounds++;
            } while ((rounds < 25 || workers.stream().anyMatch(Process::isAlive)) && System.nanoTime() < end);
            int showsDuring = shows.get() - showsBefore;
            for (int k = 0; k < workers.size(); k++) {
                Process w = workers.get(k);
                assertThat(w.waitFor(120, TimeUnit.SECONDS)).isTrue();
                String out = String.join("\n", outputs.get(k).lines().toList());
                assertThat(w.exitValue()).as(out).isZero();
                assertThat(out).contains("done 25");
            }
            stop.set(true);
            reader.join(10_000);
            assertThat(readerFailure.get()).isNull();
            // the race was reached: the reader showed while the three churned
            assertThat(showsDuring).as("shows during the churn").isPositive();
            assertThat(lab.tgtd().isAlive()).isTrue();
            assertThat(tgt.show().target(1).orElseThrow().incomingAccounts()).containsExactlyInAnyOrderElementsOf(users);
        }
    }
}
