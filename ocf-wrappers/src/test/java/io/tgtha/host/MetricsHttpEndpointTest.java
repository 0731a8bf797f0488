// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tgtha.cli.CliException;
import io.tgtha.cli.ExitCode;
import io.tgtha.cli.NodeMetricsCollector;
import io.tgtha.tgt.ProvenPeerAddresses;
import io.tgtha.cli.tgt.TargetInfo;
import io.tgtha.cli.tgt.TgtAdmin;
import io.tgtha.ocf.exec.CommandRunner;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsHttpEndpointTest {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static OperationMetrics someMetrics() {
        OperationMetrics m = new OperationMetrics(List.of("target"), 1_700_000_000_000L);
        m.operation("target", "monitor", 0, Duration.ofMillis(40), false);
        m.mutexWaits().acquired("packet-filter", Duration.ofMillis(3));
        m.mutexWaits().timedOut("packet-filter", Duration.ofSeconds(20));
        return m;
    }

    private HttpResponse<String> get(InetSocketAddress a, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.getPort() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheHostsExpositionOnLoopback() throws Exception {
        OperationMetrics m = someMetrics();
        try (MetricsHttpEndpoint endpoint = new MetricsHttpEndpoint(
                new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), m::writeTo, line -> { })) {
            assertThat(endpoint.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
            HttpResponse<String> r = get(endpoint.address(), "/metrics");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).contains(MetricsHttpEndpoint.CONTENT_TYPE);
            assertThat(r.body().lines()).contains(
                    "tgtha_agent_operations_total{action=\"monitor\",agent=\"target\",rc=\"0\"} 1.0",
                    "tgtha_mutex_wait_seconds_count{mutex=\"packet-filter\"} 1",
                    "tgtha_mutex_timeouts_total{mutex=\"packet-filter\"} 1.0");
            // what the host counts after the first scrape shows in the next one
            m.operation("target", "monitor", 0, Duration.ofMillis(40), false);
            assertThat(get(endpoint.address(), "/metrics").body().lines())
                    .contains("tgtha_agent_operations_total{action=\"monitor\",agent=\"target\",rc=\"0\"} 2.0");
            assertThat(get(endpoint.address(), "/").statusCode()).isEqualTo(404);
            assertThat(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.address().getPort()
                    + "/metrics")).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(405);
        }
    }

    @Test
    void aLoopbackEndpointCannotBeReachedOnTheNodesOtherAddresses() throws Exception {
        List<InetAddress> others = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                Collections.list(nic.getInetAddresses()).stream()
                        .filter(a -> a instanceof Inet4Address && !a.isLinkLocalAddress()).forEach(others::add);
            }
        }
        Assumptions.assumeFalse(others.isEmpty(), "no non-loopback IPv4 address on this machine");
        try (MetricsHttpEndpoint endpoint = new MetricsHttpEndpoint(
                new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), someMetrics()::writeTo, line -> { })) {
            int port = endpoint.address().getPort();
            for (InetAddress other : others) {
                assertThatThrownBy(() -> {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress(other, port), 5000);
                    }
                }).as("connect to %s:%d", other.getHostAddress(), port).isInstanceOf(ConnectException.class);
            }
        }
    }

    @Test
    void theExpositionWithTheWrappersFallbacksPassesPromtoolCheckMetrics(@TempDir Path run) throws Exception {
        Assumptions.assumeTrue(onPath("promtool"), "promtool not found: install Debian's prometheus package");
        Files.createDirectories(run.resolve("host"));
        Files.writeString(run.resolve("host/fallbacks"), "no_host\nnot_accepted\n");
        Files.writeString(run.resolve("host/cold-mutex-waits"), "acquired packet-filter 0.003000\ntimeout tgt-config 20.000000\n");
        OperationMetrics m = someMetrics();
        try (MetricsHttpEndpoint endpoint = new MetricsHttpEndpoint(
                new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0),
                out -> AgentHost.writeExposition(tgtdDown(), m, run, out), line -> { })) {
            String body = get(endpoint.address(), "/metrics").body();
            assertThat(body.lines()).contains("tgtha_tgtd_up 0.0",
                    "tgtha_agent_host_fallbacks_total{reason=\"no_host\"} 1.0",
                    "tgtha_mutex_timeouts_total{mutex=\"packet-filter\"} 1.0",
                    "tgtha_cold_mutex_wait_seconds_count{mutex=\"packet-filter\"} 1",
                    "tgtha_cold_mutex_timeouts_total{mutex=\"tgt-config\"} 1.0");
            Process p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
            try (var in = p.getOutputStream()) {
                in.write(body.getBytes(StandardCharsets.UTF_8));
            }
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as("promtool check metrics: %s%n%s", said, body).isZero();
            assertThat(said).as(body).isBlank();
        }
    }

    /** A node whose tgtd does not answer, and no cluster: the node part is tgtha_tgtd_up 0 and nothing else. */
    static NodeMetricsCollector tgtdDown() {
        TgtAdmin down = new TgtAdmin() {
            @Override
            public List<TargetInfo> targets() {
                throw new CliException(ExitCode.TGTD_UNAVAILABLE, "tgtd is not running");
            }

            @Override
            public void setState(int tid, String state) {
                throw new CliException(ExitCode.TGTD_UNAVAILABLE, "tgtd is not running");
            }

            @Override
            public ProvenPeerAddresses provenAddresses(TargetInfo target) {
                throw new CliException(ExitCode.TGTD_UNAVAILABLE, "tgtd is not running");
            }
        };
        CommandRunner none = command -> {
            throw new AssertionError("nothing runs while tgtd is down: " + command);
        };
        return new NodeMetricsCollector(down, none, none,
                new NodeMetricsCollector.Options(Duration.ZERO, Duration.ofSeconds(1), 3260, false));
    }

    @Test
    void aScrapeThatFailsAnswers500WithAGenericBodyAndLogsTheReason() throws Exception {
        TgtAdmin broken = new TgtAdmin() {
            @Override
            public List<TargetInfo> targets() {
                throw new CliException(ExitCode.COMMAND_FAILED, "tgtd answered garbage");
            }

            @Override
            public void setState(int tid, String state) {
            }

            @Override
            public ProvenPeerAddresses provenAddresses(TargetInfo target) {
                throw new CliException(ExitCode.COMMAND_FAILED, "tgtd answered garbage");
            }
        };
        NodeMetricsCollector node = new NodeMetricsCollector(broken, tgtdDown().net(), tgtdDown().cluster(),
                tgtdDown().options());
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (MetricsHttpEndpoint endpoint = new MetricsHttpEndpoint(
                new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0),
                out -> AgentHost.writeExposition(node, someMetrics(), Path.of("/nonexistent"), out), log::add)) {
            HttpResponse<String> r = get(endpoint.address(), "/metrics");
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(r.body()).isEqualTo(MetricsHttpEndpoint.FAILED_BODY).doesNotContain("garbage");
            assertThat(log).containsExactly("GET /metrics failed: CliException: tgtd answered garbage");
        }
    }

    @Test
    void theSettingNamesAPortOrAnAddress() throws Exception {
        assertThat(MetricsHttpEndpoint.address(null)).isEmpty();
        assertThat(MetricsHttpEndpoint.address("")).isEmpty();
        assertThat(MetricsHttpEndpoint.address("off")).isEmpty();
        assertThat(MetricsHttpEndpoint.address("9617")).contains(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 9617));
        assertThat(MetricsHttpEndpoint.address("10.0.0.5:9617")).contains(new InetSocketAddress(InetAddress.getByName("10.0.0.5"), 9617));
        assertThat(MetricsHttpEndpoint.address("[::1]:9617")).contains(new InetSocketAddress(InetAddress.getByName("::1"), 9617));
        for (String bad : List.of("0", "65536", "99999", "localhost:9617", "999.1.1.1:9617", "10.0.0.5", "::1:9617",
                "9617; rm -rf /", "[zz]:9617")) {
            assertThatThrownBy(() -> MetricsHttpEndpoint.address(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("TGTHA_METRICS_HTTP=" + bad);
        }
    }

    @Test
    void aBadSettingIsLoggedOnceAndTheHostRunsWithoutTheEndpoint() {
        List<String> log = new ArrayList<>();
        assertThat(MetricsHttpEndpoint.start("localhost:9617", someMetrics()::writeTo, log::add)).isEmpty();
        assertThat(log).singleElement().asString()
                .startsWith("TGTHA_METRICS_HTTP=localhost:9617 is not PORT")
                .endsWith("the agent host runs without its metrics endpoint");
        log.clear();
        assertThat(MetricsHttpEndpoint.start("off", someMetrics()::writeTo, log::add)).isEmpty();
        assertThat(MetricsHttpEndpoint.start(null, someMetrics()::writeTo, log::add)).isEmpty();
        assertThat(log).isEmpty();
    }

    @Test
    void aPortInUseIsLoggedOnceAndTheHostRunsWithoutTheEndpoint() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            List<String> log = new ArrayList<>();
            String setting = Integer.toString(taken.getLocalPort());
            Optional<MetricsHttpEndpoint> endpoint = MetricsHttpEndpoint.start(setting, someMetrics()::writeTo, log::add);
            endpoint.ifPresent(MetricsHttpEndpoint::close);
            assertThat(endpoint).isEmpty();
            assertThat(log).singleElement().asString()
                    .startsWith("TGTHA_METRICS_HTTP=" + setting + ": cannot listen on 127.0.0.1:" + setting);
        }
    }

    static boolean onPath(String tool) {
        return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, tool)));
    }
}
