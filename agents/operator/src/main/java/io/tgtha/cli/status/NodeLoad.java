// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.status;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The two numbers pacemaker-controld throttles on, read where it reads them: the 1-minute load average (first field
 * of {@code /proc/loadavg}) and the cores ({@code cpuN} lines of {@code /proc/stat}, not the JVM's CPU quota).
 */
public record NodeLoad(float load1, int cores) {
    public static final Path PROC = Path.of("/proc");

    /** Empty when either file cannot be read or parsed (no procfs: the controller does not throttle either). */
    public static Optional<NodeLoad> read(Path proc) {
        try {
            Optional<Float> load = parseLoadavg(Files.readString(proc.resolve("loadavg")));
            int cores = countCores(Files.readString(proc.resolve("stat")));
            return load.map(l -> new NodeLoad(l, cores));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static Optional<Float> parseLoadavg(String loadavg) {
        String[] fields = loadavg.strip().split("\\s+");
        try {
            return Optional.of(Float.parseFloat(fields[0]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** As the controller counts: lines starting "cpu" and a digit; at least 1. */
    static int countCores(String stat) {
        int n = (int) stat.lines().filter(l -> l.length() > 3 && l.startsWith("cpu") && Character.isDigit(l.charAt(3)))
                .count();
        return Math.max(1, n);
    }
}
