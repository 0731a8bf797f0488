// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cluster.timeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A run directory in the format test-cluster/bin/storm writes, small: targets t1 (10.231.50.21, cl-n1 -> cl-n2) and
 * t2 (10.231.50.22, cl-n2 -> cl-n1) with three sessions each, each session reading 0.4 MB/s; every session drops at
 * the trigger; t1 is placed after 1.5 s and its sessions log back in at +2.0, +2.5 and +3.0 s, t2's (placed after
 * 2.5 s) at +3.0, +3.5, +4.0 s. The client's samples every 100 ms with each socket's bytes_received only (as storm cuts
 * them), the nodes' Send-Q every 100 ms, sessions.tsv, moves.tsv, the operations and the configuration.
 */
final class RecordedStorm {
    static final double T0 = 1_790_000_000.0;
    static final double[][] BACK = {{2.0, 2.5, 3.0}, {3.0, 3.5, 4.0}};

    static Path write(Path dir, String agents) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("sessions.tsv"), FailoverRun.SESSIONS_HEADER + "\nt1\t10.231.50.21\t3\n"
                + "t2\t10.231.50.22\t3\n");
        Files.writeString(dir.resolve("moves.tsv"), MoveRow.HEADER + "\n"
                + String.format(Locale.ROOT, "%s\t1\tt1\t10.231.50.21\tcl-n1\tcl-n2\t%.6f\t%.6f\t1.50\t3.00\n", agents, T0,
                T0 + 6)
                + String.format(Locale.ROOT, "%s\t1\tt2\t10.231.50.22\tcl-n2\tcl-n1\t%.6f\t%.6f\t2.50\t4.00\n", agents, T0,
                T0 + 6));
        StringBuilder client = new StringBuilder();
        StringBuilder n1 = new StringBuilder();
        StringBuilder n2 = new StringBuilder();
        for (int i = -30; i <= 60; i++) {
            double t = T0 + i * 0.1;
            String stamp = String.format(Locale.ROOT, "T %.6f\n", t);
            client.append(stamp);
            n1.append(stamp).append("LISTEN 0      4096   0.0.0.0:3260 0.0.0.0:*\n");
            n2.append(stamp).append("LISTEN 0      4096   0.0.0.0:3260 0.0.0.0:*\n");
            for (int k = 1; k <= 2; k++) {
                String vip = "10.231.50.2" + k + ":3260";
                for (int s = 0; s < 3; s++) {
                    int port;
                    long bytes;
                    if (t < T0) {
                        port = 40000 + 1000 * k + s;
                        bytes = 40_000L * (i + 100);
                    } else if (t >= T0 + BACK[k - 1][s]) {
                        port = 40000 + 1000 * k + 100 + s;
                        bytes = 40_000L * (i - (int) Math.round(BACK[k - 1][s] * 10) + 1);
                    } else {
                        continue;
                    }
                    client.append("0      0      10.231.50.100:").append(port).append(' ').append(vip).append('\n')
                            .append("\tbytes_received:").append(bytes).append('\n');
                }
                // the old node still holds the sessions' unsent replies for a second after the trigger
                if (t < T0 + 1) {
                    (k == 1 ? n1 : n2).append("ESTAB  0      ").append(t < T0 ? 512 : 4096).append("   ").append(vip)
                            .append(" 10.231.50.100:").append(40000 + 1000 * k).append('\n');
                }
            }
        }
        Files.writeString(dir.resolve("client.samples"), client);
        Files.writeString(dir.resolve("n1.samples"), n1);
        Files.writeString(dir.resolve("n2.samples"), n2);
        Files.writeString(dir.resolve("config.crm"), "group g-t1 t1-block t1-ip t1-target t1-lun t1-unblock\n"
                + "group g-t2 t2-block t2-ip t2-target t2-lun t2-unblock\n");
        long s = (long) T0;
        for (int k = 1; k <= 2; k++) {
            String from = k == 1 ? "cl-n1" : "cl-n2";
            String to = k == 1 ? "cl-n2" : "cl-n1";
            StringBuilder ops = new StringBuilder();
            for (String m : new String[] {"unblock", "lun", "target", "ip", "block"}) {
                ops.append(from).append("\tt").append(k).append('-').append(m).append("_stop_0\t").append(s).append("\t120\t0\t0\n");
            }
            for (String m : new String[] {"block", "ip", "target", "lun", "unblock"}) {
                ops.append(to).append("\tt").append(k).append('-').append(m).append("_start_0\t").append(s + 1).append("\t90\t0\t0\n");
            }
            Files.writeString(dir.resolve("ops-1-t" + k + ".txt.tsv"), ops);
        }
        return dir;
    }
}
