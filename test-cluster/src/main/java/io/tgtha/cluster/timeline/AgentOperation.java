// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cluster.timeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One resource operation of a move on a node's lane: from {@code start} to {@code end} (epoch seconds).
 *
 * <p>Pacemaker records when an operation ran only in whole seconds ({@code last-rc-change}) but its duration in
 * milliseconds ({@code exec-time}); a group runs its members' stops (last member first) and then its starts (first
 * member first) one after another. So the bars are laid in that order, each at its recorded second or right after the
 * previous one ended, whichever is later.
 */
public record AgentOperation(String node, String resource, String action, int rc, double start, double end) {

    String label() {
        return resource + " " + action + (rc == 0 ? "" : " rc " + rc);
    }

    /**
     * {@code RUN/ops-M-tK.txt.tsv}: node, operation key, last-rc-change, exec-time ms, queue-time ms, rc.
     *
     * @param group     the group's members in configuration order (empty when unknown: then file order within a second)
     * @param notBefore the trigger (epoch seconds): the move's operations ran after it, whatever second was recorded
     */
    static List<AgentOperation> read(Path tsv, List<String> group, double notBefore) throws IOException {
        record Raw(String node, String resource, String action, int rc, long ranAt, long execMs, int order) {
        }
        List<Raw> raw = new ArrayList<>();
        if (!Files.exists(tsv)) {
            return List.of();
        }
        for (String line : Files.readAllLines(tsv)) {
            String[] f = line.split("\t", -1);
            if (f.length != 6 || !f[2].matches("\\d+") || !f[3].matches("\\d+")) {
                continue;
            }
            String key = f[1].replaceFirst("_\\d+$", "");   // rsc_action_interval
            int cut = key.lastIndexOf('_');
            raw.add(new Raw(f[0], cut > 0 ? key.substring(0, cut) : key, cut > 0 ? key.substring(cut + 1) : "?",
                    f[5].matches("-?\\d+") ? Integer.parseInt(f[5]) : -1, Long.parseLong(f[2]), Long.parseLong(f[3]),
                    raw.size()));
        }
        raw.sort(Comparator.comparingLong(Raw::ranAt).thenComparing(r -> r.action().equals("stop") ? 0 : 1)
                .thenComparingInt(r -> groupOrder(group, r.resource(), r.action()))
                .thenComparingInt(Raw::order));
        List<AgentOperation> ops = new ArrayList<>();
        double free = notBefore;
        for (Raw r : raw) {
            double start = Math.max(r.ranAt(), free);
            double end = start + r.execMs() / 1000.0;
            ops.add(new AgentOperation(r.node(), r.resource(), r.action(), r.rc(), start, end));
            free = end;
        }
        return ops;
    }

    private static int groupOrder(List<String> group, String resource, String action) {
        int i = group.indexOf(resource);
        if (i < 0) {
            return Integer.MAX_VALUE;
        }
        return action.equals("stop") ? group.size() - i : i;
    }
}
