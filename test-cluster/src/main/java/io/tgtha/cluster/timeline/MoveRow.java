// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cluster.timeline;

import java.util.Optional;

/**
 * One moved target of one move, as {@code test-cluster/bin/failover} writes it to {@code RUN/moves.tsv}: when the
 * trigger was pulled ({@code t0}) and the move's measurement ended ({@code t1}), epoch seconds; cluster time and I/O
 * gap in seconds from the trigger, empty for "timeout" and "never".
 */
public record MoveRow(String agents, int move, String target, String vip, String from, String to, double t0, double t1,
                      Optional<Double> clusterSeconds, Optional<Double> ioGapSeconds) {

    static final String HEADER = "agents\tmove\ttarget\tvip\tfrom\tto\tt0\tt1\tcluster_s\tio_gap_s";

    static MoveRow parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 10) {
            throw new IllegalArgumentException("moves.tsv: expected 10 tab-separated fields, got " + f.length + ": " + line);
        }
        return new MoveRow(f[0], Integer.parseInt(f[1]), f[2], f[3], f[4], f[5], Double.parseDouble(f[6]),
                Double.parseDouble(f[7]), seconds(f[8]), seconds(f[9]));
    }

    private static Optional<Double> seconds(String field) {
        return field.matches("\\d+(\\.\\d+)?") ? Optional.of(Double.parseDouble(field)) : Optional.empty();
    }
}
