// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.host;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import io.tgtha.cli.metrics.ColdMutexWaits;
import io.tgtha.ocf.lock.FileMutex;
import io.tgtha.ocf.lock.MutexWaitObserver;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What the agent host counts: operations per agent, action and exit code, their latency, operations it ended at
 * their deadline, waits for the node-wide file mutexes (per mutex name: wait time, timeouts), and requests it refused (each refusal is an operation the wrapper then ran in a cold JVM).
 * Written as Prometheus text to {@code RUN/host/metrics.prom} after every operation; {@code tgtha metrics}
 * appends it to its own. Counters start at 0 with each host (Prometheus' rate() handles the reset).
 */
final class OperationMetrics {
    /** Label values come from the request: anything outside these sets is counted as "other". */
    private static final Set<String> ACTIONS = Set.of("start", "stop", "monitor", "status", "validate-all",
            "meta-data", "reload", "promote", "demote", "notify", "migrate_to", "migrate_from", "usage", "methods");

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter operations = Counter.builder().name("tgtha_agent_operations")
            .help("Agent operations the agent host ran, by agent, action and OCF exit code")
            .labelNames("agent", "action", "rc").register(registry);
    private final Histogram latency = Histogram.builder().name("tgtha_agent_operation_duration").unit(Unit.SECONDS)
            .help("Time from the host accepting an operation to its exit code")
            .classicOnly().classicUpperBounds(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 60)
            .labelNames("agent", "action").register(registry);
    private final Counter timeouts = Counter.builder().name("tgtha_agent_operation_timeouts")
            .help("Operations the host answered for at their deadline (rc 1) because they had not ended")
            .labelNames("agent", "action").register(registry);
    private final Counter refusals = Counter.builder().name("tgtha_agent_host_refusals")
            .help("Requests the host refused; the wrapper then ran the operation in a cold JVM")
            .labelNames("reason").register(registry);
    private final Histogram mutexWaits = Histogram.builder().name("tgtha_mutex_wait").unit(Unit.SECONDS)
            .help("How long operations waited for a node-wide file mutex (e.g. packet-filter) until they held it")
            .classicOnly().classicUpperBounds(ColdMutexWaits.upperBounds())
            .labelNames("mutex").register(registry);
    private final Counter mutexTimeouts = Counter.builder().name("tgtha_mutex_timeouts")
            .help("Waits for a node-wide file mutex that ended at the operation's deadline without it")
            .labelNames("mutex").register(registry);
    private final Gauge started = Gauge.builder().name("tgtha_agent_host_start_time_seconds")
            .help("When this agent host started (Unix time)").register(registry);
    private final List<String> agents;

    OperationMetrics(List<String> agents, long startEpochMillis) {
        this.agents = List.copyOf(agents);
        started.set(startEpochMillis / 1000.0);
    }

    void operation(String agent, String action, int rc, Duration took, boolean timedOut) {
        String a = agents.contains(agent) ? agent : "other";
        String op = ACTIONS.contains(action) ? action : "other";
        operations.labelValues(a, op, Integer.toString(rc)).inc();
        latency.labelValues(a, op).observe(took.toNanos() / 1e9);
        if (timedOut) {
            timeouts.labelValues(a, op).inc();
        }
    }

    /** Feeds the mutex metrics; {@link AgentHost} registers it with {@link FileMutex#observeWaits}. */
    MutexWaitObserver mutexWaits() {
        return new MutexWaitObserver() {
            @Override
            public void acquired(String mutex, Duration waited) {
                mutexWaits.labelValues(mutex).observe(waited.toNanos() / 1e9);
            }

            @Override
            public void timedOut(String mutex, Duration waited) {
                mutexTimeouts.labelValues(mutex).inc();
            }
        };
    }

    /** {@code why} as {@link AgentHost} words it; counted by its kind only. */
    void refused(String why) {
        String reason = why.startsWith("not authorised") ? "not_authorised"
                : why.startsWith("host of build") ? "other_build"
                : why.startsWith("host is stopping") ? "stopping"
                : why.startsWith("node setting") ? "node_setting"
                : "malformed";
        refusals.labelValues(reason).inc();
    }

    /** This exposition as Prometheus text. */
    void writeTo(OutputStream out) throws IOException {
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
    }

    /** Written aside and renamed: a reader sees the previous complete file or this one. */
    synchronized void writeTo(Path file) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            writeTo(out);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
