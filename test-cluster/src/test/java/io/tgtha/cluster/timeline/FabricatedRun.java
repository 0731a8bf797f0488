// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cluster.timeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A run directory as test-cluster/bin/failover writes it, made up: target t1 (10.231.50.21) moves cl-n1 -> cl-n2 at
 * T0 under 200 MB/s of reads; I/O stops at the trigger and resumes on a new connection after {@code gap} seconds;
 * the old node's Send-Q stays at 2 MB until the stop resets it; five operations, one of them failed when asked.
 */
final class FabricatedRun {
    static final double T0 = 1_780_000_000.0;

    static Path write(Path dir, String agents, double gap, boolean failedStop) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("moves.tsv"), MoveRow.HEADER + "\n"
                + String.format(Locale.ROOT, "%s\t1\tt1\t10.231.50.21\tcl-n1\tcl-n2\t%.3f\t%.3f\t%.2f\t%.2f\n",
                agents, T0, T0 + gap + 3, gap - 0.2, gap));
        StringBuilder client = new StringBuilder();
        StringBuilder node = new StringBuilder();
        long oldBytes = 0;
        long newBytes = 0;
        for (int i = -60; i <= (int) ((gap + 3) * 20); i++) {
            double t = T0 + i * 0.05;
            client.append(String.format(Locale.ROOT, "T %.6f\n", t));
            if (t < T0) {
                oldBytes += 10_000_000; // 200 MB/s
                client.append("0      0      10.231.50.100:40001      10.231.50.21:3260\n")
                        .append("\t cubic wscale:7,7 bytes_received:").append(oldBytes).append(" segs_in:9\n");
            } else if (t >= T0 + gap) {
                newBytes += 7_500_000; // 150 MB/s
                client.append("0      0      10.231.50.100:40002      10.231.50.21:3260\n")
                        .append("\t cubic wscale:7,7 bytes_received:").append(newBytes).append(" segs_in:9\n");
            }
            // target t2 does not move: steady 50 MB/s
            client.append("0      0      10.231.50.100:40003      10.231.50.22:3260\n")
                    .append("\t cubic bytes_received:").append((i + 100) * 2_500_000L).append("\n");
            if (i % 2 == 0) {
                node.append(String.format(Locale.ROOT, "T %.6f\n", t));
                long sendQ = t < T0 ? 600_000 : t < T0 + gap / 2 ? 2_000_000 : 0;
                if (t < T0 + gap / 2) {
                    node.append("ESTAB   0   ").append(sendQ).append("   10.231.50.21:3260   10.231.50.100:40001\n");
                }
                node.append("LISTEN  0   0   0.0.0.0:3260   0.0.0.0:*\n");
            }
        }
        Files.writeString(dir.resolve("client.samples"), client);
        Files.writeString(dir.resolve("n1.samples"), node);
        Files.writeString(dir.resolve("n2.samples"), "T " + T0 + "\n");
        Files.writeString(dir.resolve("config.crm"), "primitive t1-ip IPaddr2 \\\n    params ip=10.231.50.21\n"
                + "group g-t1 t1-ip t1-target t1-lun1\n");
        long s = (long) T0;
        Files.writeString(dir.resolve("ops-1-t1.txt.tsv"), String.join("\n",
                "cl-n2\tt1-target_start_0\t" + (s + 1) + "\t420\t0\t0",
                "cl-n1\tt1-lun1_stop_0\t" + s + "\t180\t0\t" + (failedStop ? 1 : 0),
                "cl-n1\tt1-target_stop_0\t" + s + "\t250\t0\t0",
                "cl-n2\tt1-ip_start_0\t" + (s + 1) + "\t60\t0\t0",
                "cl-n1\tt1-ip_stop_0\t" + (s + 1) + "\t40\t1\t0") + "\n");
        return dir;
    }
}
