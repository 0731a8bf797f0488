// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cluster.timeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What one {@code test-cluster/bin/failover} or {@code storm} run left in its run directory, read once: the moves, the
 * client's throughput per target address, each node's largest Send-Q per target address; for a storm (its
 * {@code sessions.tsv}: target, address, sessions wanted) also the client's sessions per target address.
 */
record FailoverRun(Path dir, String agents, List<MoveRow> moves, Map<String, List<Point>> throughput,
                   Map<String, Map<String, List<Point>>> sendQByNode, Map<String, List<Point>> sessions,
                   Map<String, Integer> wantedSessions) {
    static final String SESSIONS_HEADER = "target\tvip\tsessions";

    static FailoverRun read(Path dir) throws IOException {
        Path movesFile = dir.resolve("moves.tsv");
        if (!Files.isRegularFile(movesFile)) {
            throw new IllegalArgumentException(dir + ": no moves.tsv (not a failover run directory, or a run from before"
                    + " the timeline pictures)");
        }
        List<String> lines = Files.readAllLines(movesFile);
        if (lines.isEmpty() || !lines.get(0).equals(MoveRow.HEADER)) {
            throw new IllegalArgumentException(movesFile + ": header is not " + MoveRow.HEADER);
        }
        List<MoveRow> moves = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) {
                moves.add(MoveRow.parse(line));
            }
        }
        String agents = moves.isEmpty() ? dir.getFileName().toString() : moves.get(0).agents();
        Path clientFile = dir.resolve("client.samples");
        ClientThroughput.Series client = Files.exists(clientFile) ? ClientThroughput.read(clientFile)
                : new ClientThroughput.Series(Map.of(), Map.of());
        Map<String, Integer> wanted = wantedSessions(dir.resolve("sessions.tsv"));
        Map<String, Map<String, List<Point>>> sendQ = new java.util.HashMap<>();
        for (MoveRow m : moves) {
            for (String node : List.of(m.from(), m.to())) {
                if (!sendQ.containsKey(node)) {
                    sendQ.put(node, NodeSendQ.read(dir.resolve(node.replaceFirst("^cl-", "") + ".samples")));
                }
            }
        }
        return new FailoverRun(dir, agents, List.copyOf(moves), client.throughput(), sendQ,
                wanted.isEmpty() ? Map.of() : client.sessions(), wanted);
    }

    /** Sessions wanted per target address, from a storm's {@code sessions.tsv}; empty for a failover run. */
    static Map<String, Integer> wantedSessions(Path tsv) throws IOException {
        if (!Files.exists(tsv)) {
            return Map.of();
        }
        List<String> lines = Files.readAllLines(tsv);
        if (lines.isEmpty() || !lines.get(0).equals(SESSIONS_HEADER)) {
            throw new IllegalArgumentException(tsv + ": header is not " + SESSIONS_HEADER);
        }
        Map<String, Integer> wanted = new java.util.TreeMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            if (f.length != 3 || !f[2].matches("\\d+")) {
                throw new IllegalArgumentException(tsv + ": expected target, address, sessions: " + line);
            }
            wanted.put(f[1], Integer.parseInt(f[2]));
        }
        return wanted;
    }

    /** The members of group g-TARGET in {@code RUN/config.crm} ({@code group g-t1 t1-block t1-ip ...}), in order. */
    List<String> groupMembers(String target) throws IOException {
        Path config = dir.resolve("config.crm");
        if (!Files.exists(config)) {
            return List.of();
        }
        for (String line : Files.readAllLines(config)) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 2 && f[0].equals("group") && f[1].equals("g-" + target)) {
                return List.of(f).subList(2, f.length).stream().filter(m -> !m.contains("=") && !m.equals("\\"))
                        .toList();
            }
        }
        return List.of();
    }

    TreeSet<Integer> moveNumbers() {
        TreeSet<Integer> numbers = new TreeSet<>();
        moves.forEach(m -> numbers.add(m.move()));
        return numbers;
    }

    /** Move {@code number} of this run, or null when it has none of that number. */
    MoveTimeline move(int number) throws IOException {
        List<MoveRow> rows = moves.stream().filter(m -> m.move() == number).toList();
        if (rows.isEmpty()) {
            return null;
        }
        List<AgentOperation> ops = new ArrayList<>();
        for (MoveRow r : rows) {
            ops.addAll(AgentOperation.read(dir.resolve("ops-" + number + "-" + r.target() + ".txt.tsv"),
                    groupMembers(r.target()), r.t0()));
        }
        return new MoveTimeline(agents, number, rows, throughput, sendQByNode, ops, sessions, wantedSessions);
    }
}
