// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cluster.timeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One move of one run, everything on one time axis: seconds from the trigger. The window runs from 2 s before the
 * trigger to the end of the move's measurement (or the last operation, if later). A storm's move also has the
 * client's sessions per target, and its "I/O gap" per target lasts until every session of the target is back.
 */
record MoveTimeline(String agents, int move, List<MoveRow> rows, Map<String, List<Point>> throughputByAddress,
                    Map<String, Map<String, List<Point>>> sendQByNode, List<AgentOperation> operations,
                    Map<String, List<Point>> sessionsByAddress, Map<String, Integer> wantedSessions) {
    static final double BEFORE = 2.0;

    /** A connection storm's move (storm writes the sessions it wants per target). */
    boolean storm() {
        return !wantedSessions.isEmpty();
    }

    /** What the green line after a target's gap marks: its I/O back, or for a storm all its sessions back. */
    String backLabel(MoveRow r) {
        return storm() ? r.target() + " all " + wantedSessions.getOrDefault(r.vip(), 0) + " sessions back"
                : r.target() + " I/O back";
    }

    /** The client's sessions per target (a storm's; empty otherwise), within the window. */
    Map<String, List<Point>> sessions() {
        return perTarget(sessionsByAddress);
    }

    double t0() {
        return rows.get(0).t0();
    }

    double windowEnd() {
        double end = rows.stream().mapToDouble(MoveRow::t1).max().orElse(t0()) - t0();
        for (AgentOperation op : operations) {
            end = Math.max(end, op.end() - t0());
        }
        return end;
    }

    /**
     * Target name per address: the moved targets' from moves.tsv, the others' by the lab's addressing (target K has
     * 10.231.50.(20+K), test-cluster/bin/lab-lib.sh), anything else by its address.
     */
    String targetOf(String address) {
        java.util.regex.Matcher lab = LAB_VIP.matcher(address);
        return rows.stream().filter(r -> r.vip().equals(address)).map(MoveRow::target).findFirst()
                .orElse(lab.matches() ? "t" + (Integer.parseInt(lab.group(1)) - 20) : address);
    }

    private static final java.util.regex.Pattern LAB_VIP = java.util.regex.Pattern.compile("10\\.231\\.50\\.(2[1-6])");

    /** Client MB/s per target, within the window, time in seconds from the trigger. */
    Map<String, List<Point>> throughput() {
        return perTarget(throughputByAddress);
    }

    /** The series of each address within the window, named by target; addresses with nothing in it left out. */
    private Map<String, List<Point>> perTarget(Map<String, List<Point>> byAddress) {
        Map<String, List<Point>> out = new LinkedHashMap<>();
        byAddress.forEach((address, points) -> {
            List<Point> window = slice(points);
            if (!window.isEmpty()) {
                out.put(targetOf(address), window);
            }
        });
        return out;
    }

    /** The old node's largest Send-Q (bytes) on each moved target's address, within the window. */
    Map<String, List<Point>> oldNodeSendQ() {
        Map<String, List<Point>> out = new LinkedHashMap<>();
        for (MoveRow r : rows) {
            List<Point> points = sendQByNode.getOrDefault(r.from(), Map.of()).getOrDefault(r.vip(), List.of());
            out.put(r.target() + " on " + r.from(), slice(points));
        }
        return out;
    }

    private List<Point> slice(List<Point> points) {
        double from = t0() - BEFORE;
        double to = t0() + windowEnd();
        return points.stream().filter(p -> p.epoch() >= from && p.epoch() <= to)
                .map(p -> new Point(p.epoch() - t0(), p.value())).toList();
    }

    /** The nodes of the operation lanes: old node(s) first. */
    List<String> lanes() {
        java.util.LinkedHashSet<String> lanes = new java.util.LinkedHashSet<>();
        rows.forEach(r -> lanes.add(r.from()));
        rows.forEach(r -> lanes.add(r.to()));
        operations.forEach(o -> lanes.add(o.node()));
        return List.copyOf(lanes);
    }

    String title() {
        StringBuilder s = new StringBuilder("move " + move + ":");
        for (MoveRow r : rows) {
            s.append(' ').append(r.target()).append(' ').append(r.from()).append(" -> ").append(r.to());
        }
        return s.toString();
    }
}
