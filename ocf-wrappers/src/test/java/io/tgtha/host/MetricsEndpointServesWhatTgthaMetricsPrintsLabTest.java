// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgtha.cli.CliContext;
import io.tgtha.cli.NetnsCommandRunner;
import io.tgtha.cli.NodeMetricsCollector;
import io.tgtha.cli.TgtHa;
import io.tgtha.cli.tgt.TgtClientAdmin;
import io.tgtha.ocf.OcfEnvironment;
import io.tgtha.ocf.exec.CommandRunner;
import io.tgtha.ocf.exec.ProcessCommandRunner;
import io.tgtha.ocf.log.OcfLog;
import io.tgtha.tgt.TgtClient;
import io.tgtha.testkit.Initiator;
import io.tgtha.testkit.IscsiUrl;
import io.tgtha.testkit.Lab;
import io.tgtha.testkit.LabConfig;
import io.tgtha.testkit.TgtLab;
import io.tgtha.testkit.TgtadmTargets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent host's HTTP endpoint once served only the host's own counters, while {@code tgtha metrics} printed tgtd,
 * its targets, sessions and connections too: a scraper of the endpoint saw no target at all. Against a real tgtd,
 * the endpoint must answer exactly what {@code tgtha metrics} prints, live sessions and Send-Q included.
 */
class MetricsEndpointServesWhatTgthaMetricsPrintsLabTest {
    static final String IQN = "iqn.2026-01.io.tgtha:wr.endpoint";
    static final Duration T = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    TgtLab lab;
    Initiator.PerfLoad perf;
    Path run;
    OperationMetrics hostMetrics;
    final CommandRunner runner = new ProcessCommandRunner(null, new OcfLog(new OcfEnvironment(Map.of()), "test", System.err));
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void needsLab() {
        Lab.requireRoot("tgtd", "tgtadm", "iscsi-perf", "ss", "timeout");
    }

    @BeforeEach
    void startLab() throws Exception {
        lab = TgtLab.start(LabConfig.of("wr", "10.231.5", 5010, 5089));
        TgtadmTargets.openWithOneLun(lab, 3, IQN, TgtadmTargets.sparseFile(dir.resolve("lun1.img"), 64 << 20));
        // a node where the host ran operations (its file, as it writes it) and cold runs left their lines
        run = dir.resolve("run");
        Files.createDirectories(run.resolve("locks"));
        Files.createDirectories(run.resolve("host"));
        hostMetrics = new OperationMetrics(List.of("target", "lun"), 1_700_000_000_000L);
        hostMetrics.operation("target", "monitor", 0, Duration.ofMillis(30), false);
        hostMetrics.mutexWaits().acquired("tgt-config", Duration.ofMillis(4));
        hostMetrics.writeTo(run.resolve("host/metrics.prom"));
        Files.writeString(run.resolve("host/fallbacks"), "no_host\n");
        Files.writeString(run.resolve("host/cold-mutex-waits"), "acquired packet-filter 0.002000\n");
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

    NodeMetricsCollector collector() {
        return new NodeMetricsCollector(
                new TgtClientAdmin(TgtClient.forControlPort(lab.tgtd().controlPort(), Duration.ofSeconds(10))),
                new NetnsCommandRunner(runner, lab.targetNs().name()), runner,
                new NodeMetricsCollector.Options(Duration.ZERO, Duration.ofSeconds(1), 3260, false));
    }

    MetricsHttpEndpoint endpoint() throws Exception {
        NodeMetricsCollector node = collector();
        return new MetricsHttpEndpoint(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0),
                out -> AgentHost.writeExposition(node, hostMetrics, run, out), line -> { });
    }

    String scrape(MetricsHttpEndpoint endpoint) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + endpoint.address().getPort() + "/metrics"))
                .timeout(T).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    /** {@code tgtha metrics} in this JVM, with the same tgtd, namespace and sample as the endpoint's collector. */
    String tgthaMetrics() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext ctx = new CliContext(new PrintWriter(out, true), new PrintWriter(err, true), false, Map.of(), runner,
                run.resolve("locks"));
        int rc = TgtHa.execute(new String[]{"metrics", "--no-cluster", "--sample", "0", "-C",
                Integer.toString(lab.tgtd().controlPort()), "--netns", lab.targetNs().name()}, ctx);
        assertThat(rc).as(err.toString()).isZero();
        return out.toString();
    }

    @Test
    void anIdleTargetIsServedByteForByteAsTgthaMetricsPrintsIt() throws Exception {
        try (MetricsHttpEndpoint endpoint = endpoint()) {
            String served = scrape(endpoint);
            assertThat(served).isEqualTo(tgthaMetrics());
            assertThat(served.lines()).contains(
                    "tgtha_tgtd_up 1.0",
                    "tgtha_target_sessions{iqn=\"" + IQN + "\",state=\"ready\",tid=\"3\"} 0.0",
                    "tgtha_agent_operations_total{action=\"monitor\",agent=\"target\",rc=\"0\"} 1.0",
                    "tgtha_agent_host_fallbacks_total{reason=\"no_host\"} 1.0",
                    "tgtha_cold_mutex_wait_seconds_count{mutex=\"packet-filter\"} 1");
        }
    }

    @Test
    void aLiveIscsiPerfSessionAndItsSendQAreServed() throws Exception {
        perf = lab.initiator().startPerf(IscsiUrl.lun(lab.targetIp(), IQN, 1), Duration.ofSeconds(60), 100);
        long deadline = System.nanoTime() + T.toNanos();
        while (!lab.tgtd().tgtadm("--op", "show", "--mode", "target").stdout().contains("I_T nexus: ")) {
            assertThat(System.nanoTime()).as("iscsi-perf logs in: %s", perf.output()).isLessThan(deadline);
            Thread.sleep(100);
        }
        try (MetricsHttpEndpoint endpoint = endpoint()) {
            List<String> served = scrape(endpoint).lines().toList();
            assertThat(served).contains(
                    "tgtha_target_sessions{iqn=\"" + IQN + "\",state=\"ready\",tid=\"3\"} 1.0",
                    "tgtha_target_connections{iqn=\"" + IQN + "\",state=\"ready\",tid=\"3\"} 1.0",
                    "tgtha_stuck_connections 0.0");
            assertThat(served).filteredOn(l -> l.startsWith("tgtha_connection_send_queue_bytes{"))
                    .singleElement().asString()
                    .contains("address=\"" + lab.initiatorIp() + "\"", "iqn=\"" + IQN + "\"",
                            "initiator=\"iqn.2010-11.libiscsi:iscsi-perf\"")
                    .matches(".*} \\d+\\.\\d+(E\\d+)?$");
        }
    }

    @Test
    void tgtdDownIsServedAsTgtdUpZero() throws Exception {
        lab.tgtd().kill();
        assertThat(lab.tgtd().awaitExit(T)).as("tgtd killed").isTrue();
        try (MetricsHttpEndpoint endpoint = endpoint()) {
            String served = scrape(endpoint);
            assertThat(served.lines()).contains("tgtha_tgtd_up 0.0").noneMatch(l -> l.startsWith("tgtha_target_sessions{"))
                    .contains("tgtha_agent_operations_total{action=\"monitor\",agent=\"target\",rc=\"0\"} 1.0");
        }
    }
}
