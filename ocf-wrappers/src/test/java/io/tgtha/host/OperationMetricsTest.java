// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperationMetricsTest {
    @TempDir
    Path dir;

    static final String SAMPLE = "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-z_]+=\"[^\"\\\\\\n]*\",?)*})? [-+0-9.eE]+(Inf)?";

    @Test
    void countsOperationsByAgentActionAndRcWithLatencyTimeoutsAndRefusals() throws Exception {
        OperationMetrics m = new OperationMetrics(List.of("target", "lun"), 1_700_000_000_000L);
        m.operation("target", "monitor", 0, Duration.ofMillis(40), false);
        m.operation("target", "monitor", 0, Duration.ofMillis(60), false);
        m.operation("target", "monitor", 7, Duration.ofMillis(30), false);
        m.operation("lun", "stop", 1, Duration.ofSeconds(21), true);
        // whatever a request names, the labels stay within known agents and actions
        m.operation("a\"b\nc", "rm -rf", 2, Duration.ofMillis(1), false);
        m.refused("host of build 1, wrapper of build 2");
        m.refused("not authorised");
        Path file = dir.resolve("metrics.prom");
        List<String> lines = writtenExposition(m, file);
        assertThat(lines).contains(
                "# TYPE tgtha_agent_operations_total counter",
                "tgtha_agent_operations_total{action=\"monitor\",agent=\"target\",rc=\"0\"} 2.0",
                "tgtha_agent_operations_total{action=\"monitor\",agent=\"target\",rc=\"7\"} 1.0",
                "tgtha_agent_operations_total{action=\"other\",agent=\"other\",rc=\"2\"} 1.0",
                "# TYPE tgtha_agent_operation_duration_seconds histogram",
                "tgtha_agent_operation_duration_seconds_bucket{action=\"monitor\",agent=\"target\",le=\"0.05\"} 2",
                "tgtha_agent_operation_duration_seconds_bucket{action=\"monitor\",agent=\"target\",le=\"0.1\"} 3",
                "tgtha_agent_operation_duration_seconds_count{action=\"monitor\",agent=\"target\"} 3",
                "tgtha_agent_operation_timeouts_total{action=\"stop\",agent=\"lun\"} 1.0",
                "tgtha_agent_host_refusals_total{reason=\"other_build\"} 1.0",
                "tgtha_agent_host_refusals_total{reason=\"not_authorised\"} 1.0",
                "tgtha_agent_host_start_time_seconds 1.7E9");
        assertThat(Files.list(dir)).as("nothing left aside").containsExactly(file);
    }

    @Test
    void mutexWaitsAreAHistogramPerMutexAndTimeoutsACounterPerMutex() throws Exception {
        OperationMetrics m = new OperationMetrics(List.of("target"), 1_700_000_000_000L);
        var observer = m.mutexWaits();
        observer.acquired("packet-filter", Duration.ofMillis(3));
        observer.acquired("packet-filter", Duration.ofMillis(40));
        observer.acquired("tgt-config", Duration.ofNanos(200_000));
        observer.timedOut("packet-filter", Duration.ofSeconds(20));
        Path file = dir.resolve("metrics.prom");
        List<String> lines = writtenExposition(m, file);
        assertThat(lines).contains(
                "# TYPE tgtha_mutex_wait_seconds histogram",
                "tgtha_mutex_wait_seconds_bucket{mutex=\"packet-filter\",le=\"0.005\"} 1",
                "tgtha_mutex_wait_seconds_bucket{mutex=\"packet-filter\",le=\"0.05\"} 2",
                "tgtha_mutex_wait_seconds_count{mutex=\"packet-filter\"} 2",
                "tgtha_mutex_wait_seconds_bucket{mutex=\"tgt-config\",le=\"0.001\"} 1",
                "# TYPE tgtha_mutex_timeouts_total counter",
                "tgtha_mutex_timeouts_total{mutex=\"packet-filter\"} 1.0");
        assertThat(lines).as("a timed-out wait is not a wait that ended with the mutex")
                .noneMatch(l -> l.startsWith("tgtha_mutex_wait_seconds_count{mutex=\"packet-filter\"} 3"))
                .noneMatch(l -> l.startsWith("tgtha_mutex_timeouts_total{mutex=\"tgt-config\"}"));
    }

    /** Writes M to FILE and returns its lines, each a HELP, TYPE or sample line of the text format. */
    private static List<String> writtenExposition(OperationMetrics m, Path file) throws Exception {
        m.writeTo(file);
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).allSatisfy(l -> assertThat(l.startsWith("# HELP ") || l.startsWith("# TYPE ")
                || l.matches(SAMPLE)).as(l).isTrue());
        return lines;
    }
}
