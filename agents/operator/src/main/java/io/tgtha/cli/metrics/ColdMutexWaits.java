// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import io.tgtha.ocf.lock.MutexWaitLog;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The mutex waits of operations that ran in a cold JVM ({@link MutexWaitLog}: one line each in
 * {@code RUN/host/cold-mutex-waits}), as {@code tgtha_cold_mutex_wait_seconds} and {@code tgtha_cold_mutex_timeouts_total}:
 * the agent host's own waits are {@code tgtha_mutex_wait_seconds} (other families, since two processes count them).
 */
public final class ColdMutexWaits {
    private ColdMutexWaits() {
    }

    /** The buckets of both mutex-wait histograms (the host's and this one), in seconds. */
    public static double[] upperBounds() {
        return new double[]{0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
    }

    /** Both families as Prometheus text; without samples when no cold operation waited for a mutex. */
    public static String render(Path file) throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        Histogram waits = Histogram.builder().name("tgtha_cold_mutex_wait").unit(Unit.SECONDS)
                .help("How long operations in a cold JVM (no agent host) waited for a node-wide file mutex until they held it (since boot)")
                .classicOnly().classicUpperBounds(upperBounds()).labelNames("mutex").register(registry);
        Counter timeouts = Counter.builder().name("tgtha_cold_mutex_timeouts")
                .help("Waits of operations in a cold JVM for a node-wide file mutex that ended at the deadline without it (since boot)")
                .labelNames("mutex").register(registry);
        for (MutexWaitLog.Wait w : MutexWaitLog.read(file)) {
            if (w.timedOut()) {
                timeouts.labelValues(w.mutex()).inc();
            } else {
                waits.labelValues(w.mutex()).observe(w.seconds());
            }
        }
        return PrometheusText.of(registry);
    }
}
