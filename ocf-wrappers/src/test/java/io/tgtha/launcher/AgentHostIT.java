// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgtha.testkit.Lab;
import io.tgtha.testkit.Netns;
import io.tgtha.testkit.TgtdProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent host behind the installed wrappers (issue: agent host): a namespace of ours with a tgtd, a run
 * directory of ours (TGTHA_RUN_DIR) so the host is ours too. "Went through the host" is proven by a
 * wrapper whose cold path cannot work: TGTHA_JAVA pointing at nothing makes a cold recurring monitor exit 5.
 */
class AgentHostIT {
    static final Path TARGET = RealInstallIT.OCF_DIR.resolve("target");
    static final String IQN = "iqn.2026-11.io.tgtha.wr:host";
    static final Duration T = Duration.ofSeconds(30);

    Netns ns;
    TgtdProcess tgtd;
    Path run;

    @BeforeAll
    static void installOnThisMachine() {
        Lab.requireRoot("tgtd", "tgtadm", "setpriv", "bash");
        Proc p = Installer.install(Map.of(), "--jar", Installer.JAR.toString());
        assertThat(p.rc()).as(p.describe()).isZero();
    }

    @AfterAll
    static void noNamespaceLeftBehind() {
        Lab.cleanupLeftovers("wr");
    }

    @BeforeEach
    void lab() throws IOException {
        ns = Netns.create("wr", "host");
        tgtd = TgtdProcess.start(ns, "127.0.0.1", 5001, 5089);
        run = Files.createTempDirectory("wr-host-run");
    }

    @AfterEach
    void down() {
        hostPid().ifPresent(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        ns.close(); // kills whatever runs in it, tgtd included
    }

    java.util.Optional<Long> hostPid() {
        try {
            String[] f = Files.readString(run.resolve("host/endpoint")).strip().split(" ");
            return java.util.Optional.of(Long.parseLong(f[3]));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** The wrapper as Pacemaker runs it, inside our namespace, with our run directory. */
    Proc op(String action, String... extra) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns.name(), "env", "-i",
                "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "TGTHA_RUN_DIR=" + run, "OCF_ROOT=/usr/lib/ocf",
                "OCF_RESOURCE_INSTANCE=p_host_target", "OCF_RESKEY_iqn=" + IQN,
                "OCF_RESKEY_tgt_control_port=" + tgtd.controlPort(), "OCF_RESKEY_CRM_meta_timeout=20000"));
        cmd.addAll(List.of(extra));
        cmd.add(TARGET.toString());
        cmd.add(action);
        return Proc.run(T, Map.of(), null, cmd.toArray(String[]::new));
    }

    static final String NO_JAVA = "TGTHA_JAVA=/nonexistent/java";
    static final String RECURRING = "OCF_RESKEY_CRM_meta_interval=10000";

    void awaitHost() throws InterruptedException {
        for (int i = 0; i < 300 && hostPid().isEmpty(); i++) {
            Thread.sleep(100);
        }
        assertThat(hostPid()).as("a host wrote its endpoint").isPresent();
        // accepting: a request through it works
        for (int i = 0; i < 100; i++) {
            if (op("monitor", NO_JAVA).rc() == 7) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("host never served");
    }

    boolean targetExists() {
        return tgtd.tgtadm("--lld", "iscsi", "--op", "show", "--mode", "target").stdout().contains(IQN);
    }

    @Test
    void theFirstOperationStartsAHostAndTheNextOnesRunInIt() throws Exception {
        Proc first = op("monitor");
        assertThat(first.rc()).as(first.describe()).isEqualTo(7); // cold, and a host starts behind it
        awaitHost();
        Proc cold = op("monitor", NO_JAVA, RECURRING, "TGTHA_AGENT_HOST=off");
        assertThat(cold.rc()).as("the cold path really has no java: " + cold.describe()).isEqualTo(5);

        Proc start = op("start", NO_JAVA);
        assertThat(start.rc()).as(start.describe()).isZero();
        assertThat(targetExists()).isTrue();
        assertThat(op("monitor", NO_JAVA, RECURRING).rc()).isZero();
        Proc stop = op("stop", NO_JAVA);
        assertThat(stop.rc()).as(stop.describe()).isZero();
        assertThat(targetExists()).isFalse();
        assertThat(op("monitor", NO_JAVA, RECURRING).rc()).isEqualTo(7);
        // what tgtha metrics appends: the host counted what it ran
        String prom = Files.readString(run.resolve("host/metrics.prom"));
        assertThat(prom).contains("tgtha_agent_operations_total{action=\"start\",agent=\"target\",rc=\"0\"} 1.0")
                .contains("tgtha_agent_operations_total{action=\"stop\",agent=\"target\",rc=\"0\"} 1.0")
                .contains("tgtha_agent_operation_duration_seconds_count{action=\"start\",agent=\"target\"} 1");
    }

    @Test
    void exitCodesExitReasonsAndLogLinesAreThoseOfAColdRun() throws Exception {
        op("monitor");
        awaitHost();
        Path log = run.resolve("ha.log");
        Proc viaHost = op("validate-all", "OCF_RESKEY_tid=abc", "HA_LOGFILE=" + log);
        Proc cold = op("validate-all", "OCF_RESKEY_tid=abc", "HA_LOGFILE=" + log, "TGTHA_AGENT_HOST=off");
        assertThat(viaHost.rc()).isEqualTo(cold.rc()).isEqualTo(6);
        assertThat(viaHost.stderr()).isEqualTo(cold.stderr()).contains("ocf-exit-reason:").contains("tid");
        assertThat(viaHost.stdout()).isEqualTo(cold.stdout());
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSize(2);
        long host = hostPid().orElseThrow();
        // the tag names the process Pacemaker started (the wrapper), never the host
        assertThat(lines).allSatisfy(l -> assertThat(l).contains("p_host_target)[").doesNotContain("[" + host + "]"));
        assertThat(withoutTimeAndPid(lines.get(0))).isEqualTo(withoutTimeAndPid(lines.get(1)));
    }

    static String withoutTimeAndPid(String logLine) {
        return logLine.substring(logLine.indexOf("target(")).replaceAll("\\[\\d+\\]", "[]");
    }

    @Test
    void aLocalUserWhoIsNotRootCannotMakeTheHostRunAnything() throws Exception {
        op("monitor");
        awaitHost();
        Path endpoint = run.resolve("host/endpoint");
        String port = Files.readString(endpoint).split(" ")[0];
        Files.setPosixFilePermissions(run, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Proc read = Proc.run(T, Map.of(), null, "setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                "cat", endpoint.toString());
        assertThat(read.rc()).as("the endpoint (and its token) is root's alone").isNotZero();
        String build = Files.readString(Path.of("/usr/lib/tgtha/build-id")).strip();
        String request = "exec 3<>/dev/tcp/127.0.0.1/" + port + "; printf '%s\\0' tgtha-host-1 guess " + build
                + " 4242 target 1 start OCF_RESKEY_iqn=" + IQN + " OCF_RESKEY_tgt_control_port=" + tgtd.controlPort()
                + " '' >&3; IFS= read -r -d '' -t 5 rec <&3; printf '%s' \"$rec\"";
        Proc guess = Proc.run(T, Map.of(), null, "ip", "netns", "exec", ns.name(), "setpriv", "--reuid=nobody",
                "--regid=nogroup", "--clear-groups", "bash", "-c", request);
        assertThat(guess.stdout()).as(guess.describe()).isEqualTo("xnot authorised");
        Thread.sleep(300);
        assertThat(targetExists()).as("nothing ran").isFalse();
    }

    @Test
    void aHostKilledMidOperationCostsNothingButACdRun() throws Exception {
        op("monitor");
        awaitHost();
        assertThat(op("start").rc()).isZero();
        long host = hostPid().orElseThrow();
        // tgtd paused: the monitor in the host waits on it; the host dies meanwhile
        ProcessHandle.of(tgtd.pid()).orElseThrow();
        Proc.run(T, Map.of(), null, "kill", "-STOP", Long.toString(tgtd.pid()));
        ExecutorService bg = Executors.newSingleThreadExecutor();
        try {
            Future<Proc> monitor = bg.submit(() -> op("monitor", RECURRING));
            // in order, each step waited for by what it is, not by a guessed time: the host's monitor is waiting on
            // the paused tgtd (a connection in its control socket's accept queue), and the monitor has not answered
            awaitTrue("the host's monitor is waiting on the paused tgtd", () -> pendingControlConnections() > 0);
            assertThat(monitor.isDone()).as("the monitor is still running when its host dies").isFalse();
            Proc.run(T, Map.of(), null, "kill", "-9", Long.toString(host));
            awaitTrue("the host is dead", () -> dead(host));
            assertThat(monitor.isDone()).as("the wrapper did not give up with its host").isFalse();
            Proc.run(T, Map.of(), null, "kill", "-CONT", Long.toString(tgtd.pid()));
            Proc m = monitor.get();
            assertThat(m.rc()).as("run again cold after the host died: " + m.describe()).isZero();
        } finally {
            Proc.run(T, Map.of(), null, "kill", "-CONT", Long.toString(tgtd.pid()));
            bg.shutdownNow();
        }
        assertThat(op("stop").rc()).isZero();
        assertThat(targetExists()).isFalse();
    }

    /**
     * Connections waiting in the accept queue of our tgtd's control socket ({@code /var/run/tgtd/socket.PORT}): for a
     * listening unix socket, ss shows that queue's length as Recv-Q. With tgtd paused, a request made to it waits there.
     */
    long pendingControlConnections() {
        String socket = "/var/run/tgtd/socket." + tgtd.controlPort();
        Proc ss = Proc.run(T, Map.of(), null, "ip", "netns", "exec", ns.name(), "ss", "-xlH", "src", socket);
        return ss.stdout().lines().map(l -> l.trim().split("\\s+"))
                .filter(f -> f.length > 4 && f[4].equals(socket) && f[2].matches("\\d+"))
                .mapToLong(f -> Long.parseLong(f[2])).sum();
    }

    /** Gone, or a zombie nobody reaped yet (whose parent is not ours to know). */
    static boolean dead(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state == 'Z' || state == 'X';
        } catch (IOException e) {
            return true;
        }
    }

    /** Polls {@code condition} until it holds, within T (the operations' own 30 s bound in this test). */
    static void awaitTrue(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + T.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + T);
            }
            Thread.sleep(20);
        }
    }

    /**
     * As Pacemaker runs agents: no TGTHA_RUN_DIR at all (the host then refused every wrapper once, because it
     * had been started with the default spelled out). A private tmpfs on /run/tgtha keeps the node's own alone.
     */
    @Test
    void withTheDefaultRunDirectoryOperationsGoThroughTheHost() {
        String env = "env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin OCF_ROOT=/usr/lib/ocf OCF_RESOURCE_INSTANCE=p_host_target"
                + " OCF_RESKEY_iqn=" + IQN + " OCF_RESKEY_tgt_control_port=" + tgtd.controlPort()
                + " OCF_RESKEY_CRM_meta_timeout=20000";
        String script = "mount -t tmpfs wr-host /run/tgtha || exit 90\n"
                + env + " " + TARGET + " monitor\n"
                + "for i in $(seq 150); do [ -e /run/tgtha/host/endpoint ] && break; sleep 0.1; done\n"
                + "sleep 1\n"
                + env + " TGTHA_JAVA=/nonexistent/java OCF_RESKEY_CRM_meta_interval=10000 " + TARGET + " monitor\n"
                + "echo \"via-host-rc=$?\"\n"
                + "read -r _ _ _ pid < /run/tgtha/host/endpoint && kill \"$pid\"\n";
        Proc p = Proc.run(T, Map.of(), null, "ip", "netns", "exec", ns.name(), "unshare", "-m", "--propagation",
                "private", "bash", "-c", script);
        assertThat(p.stdout()).as(p.describe()).contains("via-host-rc=7"); // cold, with no java, would be 5
    }
}
