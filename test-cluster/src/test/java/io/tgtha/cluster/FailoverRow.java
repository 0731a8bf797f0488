// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One moved target in a failover run, as written by {@code test-cluster/bin/failover --results FILE} (TSV, one header
 * line). Times are seconds from the trigger; {@code ioGapSeconds} is empty when I/O never resumed within the timeout;
 * {@code agentMillis} is the agents' own exec-time for the group's stops and starts. After a crash the old node is gone:
 * {@code maxSendQ} is -1 and the old-node columns are "-". {@code initiatorExits} (iscsi-perf exits during the move:
 * an I/O error libiscsi gave up on, or a failed login) and {@code initiatorErrors} (error lines it printed: SCSI sense
 * such as "Logical unit not supported") are the last two columns; -1 in results written before they existed.
 */
record FailoverRow(String agents, int move, String target, String from, String to,
                   Optional<Double> clusterSeconds, Optional<Double> ioGapSeconds, int failedOps, long maxSendQ,
                   String stillOpenOnOld, String leftoversOnOld, boolean loadBeforeMove, long agentMillis,
                   int initiatorExits, int initiatorErrors) {

    static final String HEADER_BEFORE_INITIATOR_ERRORS = "agents\tmove\ttarget\tfrom\tto\tcluster_s\tio_gap_s"
            + "\tfailed_ops\tmax_sendq\tstuck\tleftovers\tload_before\tagent_ms";
    static final String HEADER = HEADER_BEFORE_INITIATOR_ERRORS + "\tinitiator_exits\tinitiator_errors";

    /** Whether the initiator saw no error during the move (false also when the results do not say). */
    boolean noInitiatorErrors() {
        return initiatorExits == 0 && initiatorErrors == 0;
    }

    boolean ioResumed() {
        return ioGapSeconds.isPresent();
    }

    /** Connections still open on the old node on the target's address after the move ("0" when none). */
    boolean connectionsLeftOpen() {
        return !"0".equals(stillOpenOnOld) && !"-".equals(stillOpenOnOld);
    }

    boolean hasLeftovers() {
        return !"none".equals(leftoversOnOld) && !"-".equals(leftoversOnOld);
    }

    static List<FailoverRow> read(Path tsv) throws IOException {
        List<String> lines = Files.readAllLines(tsv);
        if (lines.isEmpty() || !(lines.get(0).equals(HEADER) || lines.get(0).equals(HEADER_BEFORE_INITIATOR_ERRORS))) {
            throw new IllegalArgumentException(tsv + ": not a failover results file (header " + HEADER + ")");
        }
        List<FailoverRow> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) {
                rows.add(parse(line));
            }
        }
        return rows;
    }

    static FailoverRow parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 15 && f.length != 13) {
            throw new IllegalArgumentException("expected 15 (or 13) tab-separated fields, got " + f.length + ": " + line);
        }
        return new FailoverRow(f[0], Integer.parseInt(f[1]), f[2], f[3], f[4], seconds(f[5]), seconds(f[6]),
                Integer.parseInt(f[7]), "-".equals(f[8]) ? -1 : Long.parseLong(f[8]), f[9], f[10], "yes".equals(f[11]),
                Long.parseLong(f[12]), f.length == 15 ? Integer.parseInt(f[13]) : -1,
                f.length == 15 ? Integer.parseInt(f[14]) : -1);
    }

    /** "1.23" -> 1.23; "never" / "timeout" -> empty. */
    private static Optional<Double> seconds(String field) {
        return field.matches("\\d+(\\.\\d+)?") ? Optional.of(Double.parseDouble(field)) : Optional.empty();
    }
}
