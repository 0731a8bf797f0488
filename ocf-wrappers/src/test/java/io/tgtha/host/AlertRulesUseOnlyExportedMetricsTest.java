// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgtha.cli.metrics.ColdMutexWaits;
import io.tgtha.cli.metrics.HostFallbacks;
import io.tgtha.cli.metrics.NodeMetrics;
import io.tgtha.cli.net.ConnectionHealth;
import io.tgtha.cli.net.Endpoint;
import io.tgtha.cli.net.TcpSocket;
import io.tgtha.cli.tgt.ConnectionInfo;
import io.tgtha.cli.tgt.SessionInfo;
import io.tgtha.cli.tgt.TargetInfo;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/tgtha-alerts.yml is only worth having if its expressions name metrics tgt-ha exports: a renamed family would
 * leave an alert that never fires and says nothing. Every {@code tgtha_*} name in the rules must be a sample name of
 * the full exposition ({@code tgtha metrics}' node part, the agent host's part, the wrappers' fallbacks, cold mutex
 * waits), and {@code promtool check rules} must accept the file.
 */
class AlertRulesUseOnlyExportedMetricsTest {
    static final Path RULES = Path.of(System.getProperty("tgtha.moduleDir", ".")).toAbsolutePath().getParent()
            .resolve("docs/tgtha-alerts.yml");

    @TempDir
    Path run;

    /** Every family with at least one sample: a target with a stuck connection, host operations, fallbacks, cold waits. */
    String fullExposition() throws Exception {
        TcpSocket socket = new TcpSocket("ESTAB", 0, 2_800_000, Endpoint.parse("10.0.0.1:3260"),
                Endpoint.parse("10.0.0.9:40000"), null, Map.of());
        TargetInfo target = new TargetInfo(1, "iqn.2026-01.io.tgtha:t1", "ready", List.of(), List.of(), List.of(),
                List.of(new SessionInfo(5, "iqn.a", List.of(new ConnectionInfo(0, "10.0.0.9")))), null);
        String node = new NodeMetrics(true, List.of(target),
                List.of(new ConnectionHealth(socket, Duration.ofSeconds(40), true)), Map.of(), (s, a, p) -> true).render();
        OperationMetrics host = new OperationMetrics(List.of("target"), 1_700_000_000_000L);
        host.operation("target", "start", 1, Duration.ofSeconds(20), true);
        host.mutexWaits().acquired("packet-filter", Duration.ofMillis(3));
        host.mutexWaits().timedOut("packet-filter", Duration.ofSeconds(20));
        host.refused("host of build x, wrapper of build y");
        ByteArrayOutputStream hostText = new ByteArrayOutputStream();
        host.writeTo(hostText);
        Files.createDirectories(run.resolve("host"));
        Files.writeString(HostFallbacks.file(run), "no_host\n");
        Files.writeString(io.tgtha.ocf.lock.MutexWaitLog.file(run), "acquired tgt-config 0.002000\ntimeout tgt-config 20.000000\n");
        return node + hostText.toString(StandardCharsets.UTF_8) + HostFallbacks.render(HostFallbacks.file(run))
                + ColdMutexWaits.render(io.tgtha.ocf.lock.MutexWaitLog.file(run));
    }

    @Test
    void everyMetricTheAlertsUseIsExported() throws Exception {
        Set<String> exported = new TreeSet<>();
        for (String line : fullExposition().lines().toList()) {
            if (!line.startsWith("#") && !line.isBlank()) {
                exported.add(line.split("[{ ]", 2)[0]);
            }
        }
        Set<String> used = new TreeSet<>();
        Matcher m = Pattern.compile("tgtha_[a-z0-9_]+").matcher(Files.readString(RULES));
        while (m.find()) {
            used.add(m.group());
        }
        assertThat(used).as("the rules name tgt-ha metrics at all").hasSizeGreaterThan(5);
        assertThat(exported).as("exported sample names").containsAll(used);
    }

    @Test
    void promtoolAcceptsTheRules() throws Exception {
        Assumptions.assumeTrue(MetricsHttpEndpointTest.onPath("promtool"),
                "promtool not found: install Debian's prometheus package (test-cluster/bin/install-test-deps does)");
        Process p = new ProcessBuilder("promtool", "check", "rules", RULES.toString()).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(said).isZero();
        assertThat(said).contains("SUCCESS");
    }
}
