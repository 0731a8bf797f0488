// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Operations that ran in a cold JVM although the agent host was wanted, as the OCF wrapper records them: it appends
 * one line, the reason, to {@code RUN/host/fallbacks} before it runs the operation cold. Appending takes no fork,
 * no lock and no JVM (an O_APPEND write of a few bytes is atomic), so it works exactly when the host does not: the
 * count lives outside the host, and {@code tgtha metrics} reads it whether a host runs or not. The file is on
 * tmpfs and grows by ~10 bytes per fallback until reboot; removing it resets the counter (rate() copes).
 */
public final class HostFallbacks {
    /** Reasons the wrapper writes (ocf-agent.in); any other line counts as "other". */
    static final Set<String> REASONS = Set.of("no_host", "not_accepted", "broken");

    private HostFallbacks() {
    }

    public static Path file(Path runDir) {
        return runDir.resolve("host").resolve("fallbacks");
    }

    /** Lines per reason; empty when the file does not exist (no fallback since boot). */
    static Map<String, Long> count(Path file) throws IOException {
        Map<String, Long> counts = new TreeMap<>();
        try (Stream<String> lines = Files.lines(file, StandardCharsets.ISO_8859_1)) {
            lines.filter(l -> !l.isEmpty())
                    .forEach(l -> counts.merge(REASONS.contains(l) ? l : "other", 1L, Long::sum));
        } catch (NoSuchFileException e) {
            return Map.of();
        }
        return counts;
    }

    /** {@code tgtha_agent_host_fallbacks_total{reason}} as Prometheus text; the family without samples when none. */
    public static String render(Path file) throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        Counter fallbacks = Counter.builder().name("tgtha_agent_host_fallbacks")
                .help("Operations the OCF wrapper ran in a cold JVM although the agent host was wanted (since boot)")
                .labelNames("reason").register(registry);
        count(file).forEach((reason, n) -> fallbacks.labelValues(reason).inc(n));
        return PrometheusText.of(registry);
    }
}
