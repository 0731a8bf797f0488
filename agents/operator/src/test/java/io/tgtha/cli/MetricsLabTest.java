// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import io.tgtha.cli.net.TcpSocket;
import io.tgtha.testkit.Initiator;
import io.tgtha.testkit.Lab;
import io.tgtha.testkit.TgtLab;
import io.tgtha.testkit.TgtadmTargets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** tgtha metrics against a real tgtd with a real iscsi-perf session, scraped and read strictly. */
class MetricsLabTest {
    static final String IQN = "iqn.2026-01.io.tgtha:op.metrics";
    static final Duration T = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    TgtLab lab;
    Initiator.PerfLoad perf;

    @BeforeAll
    static void needsLab() {
        Lab.requireRoot("tgtd", "tgtadm", "iscsi-perf", "iptables", "ss", "timeout");
    }

    @BeforeEach
    void startLab() throws Exception {
        lab = TgtLab.start(StatusAndDrainLabTest.CONFIG);
        TgtadmTargets.openWithOneLun(lab, 3, IQN, TgtadmTargets.sparseFile(dir.resolve("lun1.img"), 64 << 20));
        Files.createDirectories(dir.resolve("run/locks"));
    }

    @AfterEach
    void stopLab() {
        try {
            if (perf != null) {
                perf.close();
            }
        } finally {
            lab.close();
        }
    }

    Run metrics(String... extra) {
        List<String> all = new ArrayList<>(List.of("metrics", "--no-cluster"));
        all.addAll(List.of(extra));
        return Run.tgtha(dir.resolve("run/locks"), Run.onLab(lab, all.toArray(String[]::new)));
    }

    List<TcpSocket> ss() {
        return PortalLoad.sockets(lab);
    }

    /**
     * {@code promtool check metrics} (Debian's prometheus package; install-test-deps installs it) on a live session's
     * output with an agent host's file appended. -Dtgtha.promtool=PATH names another promtool.
     */
    @Test
    void theOutputWithALiveSessionPassesPromtoolCheckMetrics() throws Exception {
        String promtool = System.getProperty("tgtha.promtool", "promtool");
        org.junit.jupiter.api.Assumptions.assumeTrue(onPath(promtool),
                promtool + " not found: install Debian's prometheus package (test-cluster/bin/install-test-deps does)");
        perf = PortalLoad.startAndAwaitSession(lab, IQN);
        Path host = dir.resolve("run/host/metrics.prom");
        Files.createDirectories(host.getParent());
        Files.writeString(host, "# HELP tgtha_agent_operations_total Agent operations\n# TYPE tgtha_agent_operations_total counter\n"
                + "tgtha_agent_operations_total{action=\"monitor\",agent=\"target\",rc=\"0\"} 7.0\n");
        Files.writeString(host.resolveSibling("fallbacks"), "no_host\nbroken\n");
        Run run = metrics("--sample", "300ms");
        assertThat(Exposition.parse(run.out()).value("tgtha_target_sessions", Map.of("iqn", IQN))).isEqualTo(1);
        Process p = new ProcessBuilder(promtool, "check", "metrics").redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(run.out().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        String said = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("promtool check metrics: %s%n%s", said, run.out()).isZero();
        assertThat(said).as(run.out()).isBlank();
    }

    static boolean onPath(String tool) {
        if (tool.contains("/")) {
            return Files.isExecutable(Path.of(tool));
        }
        return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, tool)));
    }

    @Test
    void anIdleTargetHasNoSessionsAndTgtdIsUp() {
        Run run = metrics("--sample", "0");
        assertThat(run.exitCode()).as(run.describe()).isZero();
        Exposition e = Exposition.parse(run.out());
        assertThat(e.value("tgtha_tgtd_up", Map.of())).isEqualTo(1);
        assertThat(e.value("tgtha_target_sessions", Map.of("iqn", IQN, "tid", "3", "state", "ready"))).isZero();
        assertThat(e.named("tgtha_connection_send_queue_bytes")).isEmpty();
    }

    @Test
    void aLiveIscsiPerfSessionShowsWithItsConnectionAndSendQ() throws Exception {
        perf = PortalLoad.startAndAwaitSession(lab, IQN);
        Run run = metrics("--sample", "300ms");
        assertThat(run.exitCode()).as(run.describe()).isZero();
        Exposition e = Exposition.parse(run.out());
        assertThat(e.value("tgtha_target_sessions", Map.of("iqn", IQN, "state", "ready"))).isEqualTo(1);
        assertThat(e.value("tgtha_target_connections", Map.of("iqn", IQN))).isEqualTo(1);
        TcpSocket real = ss().get(0);
        Map<String, String> conn = Map.of("iqn", IQN, "initiator", "iqn.2010-11.libiscsi:iscsi-perf",
                "address", lab.initiatorIp(), "socket", real.local().render() + "<-" + real.peer().render());
        assertThat(e.value("tgtha_connection_send_queue_bytes", conn)).isGreaterThanOrEqualTo(0);
        assertThat(e.value("tgtha_connection_stuck", conn)).as("busy and healthy").isZero();
        assertThat(e.value("tgtha_stuck_connections", Map.of())).isZero();
    }

    @Test
    void aConnectionWhoseAcksAreDroppedIsStuckWithTheSendQSsShows() throws Exception {
        perf = PortalLoad.startAndAwaitSession(lab, IQN);
        lab.targetNs().exec(T, "iptables", "-w", "5", "-I", "INPUT", "-p", "tcp", "--dport", "3260", "-j", "DROP")
                .orThrow();
        // frozen once tgtd has filled the window and is in retransmit back-off: no ACK comes back
        long before;
        long after = ss().get(0).sendQ();
        long deadline = System.nanoTime() + T.toNanos();
        do {
            Thread.sleep(300);
            before = after;
            after = ss().get(0).sendQ();
        } while ((before != after || after == 0) && System.nanoTime() < deadline);
        Path prom = dir.resolve("tgtha.prom");
        Run run = metrics("--sample", "2500ms", "--stuck-after", "1s", "--textfile", prom.toString());
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.out()).as("--textfile writes the file, not stdout").isEmpty();
        Exposition e = Exposition.parse(Files.readString(prom));
        Map<String, String> conn = Map.of("iqn", IQN, "address", lab.initiatorIp());
        assertThat(e.value("tgtha_connection_stuck", conn)).isEqualTo(1);
        assertThat(e.value("tgtha_connection_send_queue_bytes", conn)).isEqualTo(ss().get(0).sendQ()).isPositive();
        assertThat(e.value("tgtha_connection_not_draining_seconds", conn)).isGreaterThanOrEqualTo(1.0);
        assertThat(e.value("tgtha_stuck_connections", Map.of())).isEqualTo(1);
        assertThat(e.value("tgtha_target_sessions", Map.of("iqn", IQN))).isEqualTo(1);
    }

    @Test
    void tgtdDownIsReportedAsTgtdUpZeroWithExitZero() {
        Run run = Run.tgtha(dir.resolve("run/locks"), "metrics", "--no-cluster", "--sample", "0", "-C", "4999",
                "--netns", lab.targetNs().name());
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(Exposition.parse(run.out()).value("tgtha_tgtd_up", Map.of())).isZero();
    }

    @Test
    void theAgentHostsMetricsFileIsAppended() throws Exception {
        Path host = dir.resolve("run/host/metrics.prom");
        Files.createDirectories(host.getParent());
        Files.writeString(host, "# HELP tgtha_agent_operations_total x\n# TYPE tgtha_agent_operations_total counter\n"
                + "tgtha_agent_operations_total{agent=\"target\",action=\"monitor\",rc=\"0\"} 7.0\n");
        // and the wrappers' cold fallbacks recorded beside it (ocf-agent.in appends one reason per line)
        Files.writeString(host.resolveSibling("fallbacks"), "no_host\nno_host\nnot_accepted\n");
        Exposition e = Exposition.parse(metrics("--sample", "0").out());
        assertThat(e.value("tgtha_agent_operations_total", Map.of("agent", "target"))).isEqualTo(7);
        assertThat(e.value("tgtha_agent_host_fallbacks_total", Map.of("reason", "no_host"))).isEqualTo(2);
        assertThat(e.value("tgtha_agent_host_fallbacks_total", Map.of("reason", "not_accepted"))).isEqualTo(1);
        assertThat(e.value("tgtha_tgtd_up", Map.of())).isEqualTo(1);
    }
}
