// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cluster.timeline;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A node's largest Send-Q per target address over time, from {@code RUN/nK.samples}: every 100 ms a line
 * {@code T <epoch>} and then {@code ss -tnH state all "( sport = :3260 )"} of the node
 * ({@code State Recv-Q Send-Q local peer}).
 */
final class NodeSendQ {
    private NodeSendQ() {
    }

    /** Bytes, per local address (port 3260 stripped); 0 at a sample where the address has no socket. */
    static Map<String, List<Point>> read(Path samples) throws IOException {
        Map<String, List<Point>> series = new HashMap<>();
        Map<String, Long> max = new HashMap<>();
        double t = Double.NaN;
        if (!Files.exists(samples)) {
            return series;
        }
        try (BufferedReader in = Files.newBufferedReader(samples)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("T ")) {
                    flush(series, max, t);
                    t = Double.parseDouble(line.substring(2).strip());
                    max.clear();
                    continue;
                }
                String[] f = line.trim().split("\\s+");
                if (f.length >= 5 && f[3].endsWith(":3260") && f[2].matches("\\d+")) {
                    max.merge(f[3].substring(0, f[3].length() - 5), Long.parseLong(f[2]), Math::max);
                }
            }
        }
        flush(series, max, t);
        return series;
    }

    private static void flush(Map<String, List<Point>> series, Map<String, Long> max, double t) {
        if (Double.isNaN(t)) {
            return;
        }
        for (Map.Entry<String, List<Point>> e : series.entrySet()) {
            if (!max.containsKey(e.getKey())) {
                e.getValue().add(new Point(t, 0));
            }
        }
        for (Map.Entry<String, Long> e : max.entrySet()) {
            series.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(new Point(t, e.getValue()));
        }
    }
}
