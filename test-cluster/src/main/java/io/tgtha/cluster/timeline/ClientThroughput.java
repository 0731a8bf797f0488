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
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The initiator's read throughput and its sessions per target address, from {@code RUN/client.samples}: every 50 ms a line
 * {@code T <epoch>} and then {@code ss -tniH state established} of the client (a socket line
 * {@code Recv-Q Send-Q local peer}, then its indented info line with {@code bytes_received:N}). Throughput between two
 * samples is the growth of bytes_received summed over the address's sockets; a socket first seen (a new connection,
 * or a reused port whose counter went back) counts from zero. Sessions: the address's established connections at each
 * sample (one per libiscsi session). The info line may be cut to its bytes_received (storm keeps its samples small).
 */
final class ClientThroughput {
    private static final Pattern RECEIVED = Pattern.compile("bytes_received:(\\d+)");

    /** MB/s and sessions per target address (port 3260 stripped). */
    record Series(Map<String, List<Point>> throughput, Map<String, List<Point>> sessions) {
    }

    private final Map<String, List<Point>> series = new TreeMap<>();
    private final Map<String, List<Point>> sessions = new TreeMap<>();
    private Map<String, Long> previous = new HashMap<>();   // local address:port -> bytes_received
    private Map<String, Long> current = new HashMap<>();
    private final List<String> present = new ArrayList<>(); // sockets of the sample being read
    private final Map<String, String> targetOf = new HashMap<>(); // local address:port -> target address
    private double previousT = Double.NaN;
    private double t = Double.NaN;

    /** MB/s per target address, one point per sample after the first; sessions, one point per sample. */
    static Series read(Path samples) throws IOException {
        ClientThroughput c = new ClientThroughput();
        String socket = null;
        try (BufferedReader in = Files.newBufferedReader(samples)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("T ")) {
                    c.endSample();
                    c.t = Double.parseDouble(line.substring(2).strip());
                    socket = null;
                } else if (!line.isEmpty() && Character.isDigit(line.charAt(0))) {
                    String[] f = line.trim().split("\\s+");
                    socket = f.length >= 4 && f[3].endsWith(":3260") ? f[2] : null;
                    if (socket != null) {
                        c.targetOf.put(socket, f[3].substring(0, f[3].length() - 5));
                        c.present.add(socket);
                    }
                } else if (socket != null) {
                    Matcher m = RECEIVED.matcher(line);
                    if (m.find()) {
                        c.current.put(socket, Long.parseLong(m.group(1)));
                    }
                    socket = null;
                }
            }
        }
        c.endSample();
        return new Series(c.series, c.sessions);
    }

    private void endSample() {
        if (Double.isNaN(t)) {
            return;
        }
        Map<String, Long> open = new HashMap<>();
        sessions.keySet().forEach(a -> open.put(a, 0L)); // a target without sockets now has no session
        present.forEach(socket -> open.merge(targetOf.get(socket), 1L, Long::sum));
        present.clear();
        open.forEach((a, n) -> sessions.computeIfAbsent(a, k -> new ArrayList<>()).add(new Point(t, n)));
        if (!Double.isNaN(previousT) && t > previousT) {
            Map<String, Long> bytes = new HashMap<>();
            series.keySet().forEach(a -> bytes.put(a, 0L)); // a target without sockets now received nothing
            current.forEach((socket, n) -> {
                Long before = previous.get(socket);
                bytes.merge(targetOf.get(socket), before == null || n < before ? n : n - before, Long::sum);
            });
            double seconds = t - previousT;
            bytes.forEach((a, n) -> series.computeIfAbsent(a, k -> new ArrayList<>()).add(new Point(t, n / seconds / 1e6)));
        }
        previousT = t;
        previous = current;
        current = new HashMap<>();
    }
}
