// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.portblock;

import io.tgtha.ocf.OcfEnvironment;
import io.tgtha.ocf.agent.AgentRunner;
import io.tgtha.ocf.exec.Command;
import io.tgtha.ocf.exec.CommandException;
import io.tgtha.ocf.exec.CommandResult;
import io.tgtha.ocf.exec.CommandRunner;
import io.tgtha.ocf.lock.FileMutex;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bug behind ConcurrencyLabTest failing 3 runs in 7: the unblock monitor reads its state file and
 * the rules without the packet-filter lock, and the unblock stop added the rule (under the lock) before
 * it removed the state file (after the lock). A monitor between the two saw "started and blocked" and
 * failed with rc 1 although nothing was wrong. The unblock start had the mirror image: state file
 * written, rule not lifted yet.
 *
 * <p>Each test stops the start or stop exactly inside that window (at a chosen firewall command) and
 * runs a recurring monitor of the same instance right there. Threads of one JVM share the mutex through
 * FileMutex's in-process lock, so this is the same exclusion the agent processes get from fcntl.
 */
class UnblockMonitorNeverSeesAHalfDoneStartOrStopTest {
    private static final String IN_RULE = "-d 10.231.2.1/32 -p tcp -m multiport --dports 3260 -m comment "
            + "--comment tgtha-portblock -j DROP";
    private static final Map<String, String> UNBLOCK = Map.of("protocol", "tcp", "portno", "3260",
            "action", "unblock", "ip", "10.231.2.1", "direction", "in");

    @TempDir
    Path runDir;
    final FakeFirewall firewall = new FakeFirewall();
    final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void tearDown() {
        threads.shutdownNow();
    }

    /**
     * The fake firewall shared by several operation threads. The writer thread stops at the first command
     * matching {@code where} (before or after running it) until {@link #resume} is counted down; the
     * monitor thread's first command is signalled through {@link #monitorRead}.
     */
    final class Gate implements CommandRunner {
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch resume = new CountDownLatch(1);
        final CountDownLatch monitorRead = new CountDownLatch(1);
        final Predicate<List<String>> where;
        final boolean after;
        volatile Thread writer;
        volatile Thread monitor;

        Gate(Predicate<List<String>> where, boolean after) {
            this.where = where;
            this.after = after;
        }

        @Override
        public CommandResult run(Command command) throws CommandException {
            boolean hit = Thread.currentThread() == writer && reached.getCount() > 0 && where.test(command.argv());
            if (hit && !after) {
                pause();
            }
            try {
                synchronized (firewall) {
                    return firewall.run(command);
                }
            } finally {
                if (hit && after) {
                    pause();
                }
                if (Thread.currentThread() == monitor) {
                    monitorRead.countDown();
                }
            }
        }

        private void pause() {
            reached.countDown();
            try {
                if (!resume.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never resumed");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
        }
    }

    private int run(CommandRunner runner, String action, Map<String, String> params, Map<String, String> extraEnv) {
        return outcome(runner, action, params, extraEnv).rc();
    }

    private AgentHarness.Outcome outcome(CommandRunner runner, String action, Map<String, String> params,
                                         Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>();
        env.put("TGTHA_RUN_DIR", runDir.toString());
        env.put("OCF_RESOURCE_INSTANCE", "pb-unblock");
        env.put("OCF_RESKEY_CRM_meta_timeout", "20000");
        params.forEach((k, v) -> env.put("OCF_RESKEY_" + k, v));
        env.putAll(extraEnv);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = new AgentRunner(new PortblockAgent(name -> Optional.of(Path.of("/fake/bin", name))), d -> runner)
                .run(new String[]{action}, new OcfEnvironment(env), new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        return new AgentHarness.Outcome(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs {@code writerAction} until the gate stops it, then a recurring monitor; returns the monitor's rc. */
    private int monitorInsideTheWindowOf(String writerAction, Gate gate) throws Exception {
        Future<Integer> writer = threads.submit(() -> {
            gate.writer = Thread.currentThread();
            return run(gate, writerAction, UNBLOCK, Map.of());
        });
        assertThat(gate.reached.await(10, TimeUnit.SECONDS)).as(writerAction + " reached the window").isTrue();
        Future<Integer> monitor = threads.submit(() -> {
            gate.monitor = Thread.currentThread();
            return run(gate, "monitor", UNBLOCK, Map.of("OCF_RESKEY_CRM_meta_interval", "10000"));
        });
        assertThat(gate.monitorRead.await(10, TimeUnit.SECONDS)).as("monitor read the rules").isTrue();
        // before the fix the monitor answers from the half-done state (rc 1); after it, it parks on the
        // writer's lock. Resume the writer only once one of the two has happened, not after a guessed sleep.
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!monitor.isDone() && !parked(gate.monitor)) {
            assertThat(System.nanoTime()).as("monitor answered or waits for the lock").isLessThan(end);
            Thread.sleep(5);
        }
        gate.resume.countDown();
        assertThat(writer.get(10, TimeUnit.SECONDS)).as(writerAction + " rc").isZero();
        return monitor.get(10, TimeUnit.SECONDS);
    }

    private static boolean parked(Thread t) {
        Thread.State state = t.getState();
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }

    @Test
    void monitorBetweenUnblockStopsRuleAndStateFileRemovalSaysNotRunning() throws Exception {
        assertThat(run(firewall, "start", UNBLOCK, Map.of())).isZero();
        // stop: rule inserted, state file not yet removed
        Gate gate = new Gate(argv -> argv.contains("-I"), true);
        assertThat(monitorInsideTheWindowOf("stop", gate)).isEqualTo(7);
        assertThat(firewall.rules("iptables", "INPUT")).containsExactly(IN_RULE);
    }

    @Test
    void monitorBetweenUnblockStartsStateFileAndRuleRemovalSaysRunning() throws Exception {
        // the port is blocked, as after an earlier unblock stop on this node
        firewall.rules("iptables", "INPUT").add(IN_RULE);
        // start: state file written, rule not yet deleted
        Gate gate = new Gate(argv -> argv.contains("-D"), false);
        assertThat(monitorInsideTheWindowOf("start", gate)).isEqualTo(0);
        assertThat(firewall.rules("iptables", "INPUT")).isEmpty();
    }

    @Test
    void aSteadyStateMonitorNeverWaitsForThePacketFilterLock() throws Exception {
        Map<String, String> block = new HashMap<>(UNBLOCK);
        block.put("action", "block");
        Map<String, String> blockEnv = Map.of("OCF_RESOURCE_INSTANCE", "pb-block");
        Map<String, String> recurring = Map.of("OCF_RESKEY_CRM_meta_interval", "10000",
                "OCF_RESKEY_CRM_meta_timeout", "3000");
        assertThat(run(firewall, "start", UNBLOCK, Map.of())).isZero();
        try (FileMutex.Held held = new FileMutex(runDir.resolve("locks"), FileMutex.PACKET_FILTER)
                .acquire(Duration.ofSeconds(5), "a long failover")) {
            // other threads: a monitor that tried to lock would wait until its deadline and end with rc 1
            assertThat(threads.submit(() -> run(firewall, "monitor", UNBLOCK, recurring)).get(10, TimeUnit.SECONDS))
                    .as("unblock, running").isZero();
            Map<String, String> blockRecurring = new HashMap<>(recurring);
            blockRecurring.putAll(blockEnv);
            assertThat(threads.submit(() -> run(firewall, "monitor", block, blockRecurring)).get(10, TimeUnit.SECONDS))
                    .as("block, not started").isEqualTo(7);
        }
    }

    @Test
    void aBlockedPortIsStillReportedOnceConfirmedUnderTheLock() throws Exception {
        assertThat(run(firewall, "start", UNBLOCK, Map.of())).isZero();
        firewall.rules("iptables", "INPUT").add(IN_RULE);
        Map<String, String> recurring = Map.of("OCF_RESKEY_CRM_meta_interval", "10000",
                "OCF_RESKEY_CRM_meta_timeout", "3000");
        assertThat(outcome(firewall, "monitor", UNBLOCK, recurring).reason()).contains("port is blocked");
        // and if the lock stays busy, it cannot confirm: rc 1 within the deadline, not a hang
        try (FileMutex.Held held = new FileMutex(runDir.resolve("locks"), FileMutex.PACKET_FILTER)
                .acquire(Duration.ofSeconds(5), "a long failover")) {
            // The behaviour: it gives up by itself, with rc 1 naming the lock, while the lock is still held.
            // The 10 s wait is no measurement: it tells the monitor's own 3 s timeout from the 20 s default it
            // would use had it ignored OCF_RESKEY_CRM_meta_timeout (a margin of over 3x on a loaded machine).
            AgentHarness.Outcome busy = threads.submit(() -> outcome(firewall, "monitor", UNBLOCK, recurring))
                    .get(10, TimeUnit.SECONDS);
            assertThat(busy.rc()).isEqualTo(1);
            assertThat(busy.reason()).contains("packet-filter lock busy");
        }
    }
}
