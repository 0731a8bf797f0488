// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cluster.timeline;

import java.util.List;
import java.util.Locale;

/** {@code index.html}: every move's picture with its numbers, per set, for a browser. */
final class TimelineIndex {
    record Entry(String png, List<MoveTimeline> sets) {
    }

    private TimelineIndex() {
    }

    static String html(String title, List<String> runDirs, List<Entry> entries) {
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
                .append(esc(title)).append("</title>\n<style>body{font-family:sans-serif}td,th{padding:2px 8px;"
                        + "text-align:right}img{max-width:100%;border:1px solid #ccc}</style></head><body>\n<h1>")
                .append(esc(title)).append("</h1>\n<p>Runs:");
        runDirs.forEach(d -> h.append(" <code>").append(esc(d)).append("</code>"));
        h.append("</p>\n<p>Per move: client throughput per target, the old node's largest Send-Q, each agent operation"
                + " on its node's lane (start from Pacemaker's whole-second record, laid one after another as the group"
                + " runs them; length = exec-time), trigger and I/O gap marked.</p>\n");
        if (entries.stream().anyMatch(e -> e.sets().stream().anyMatch(MoveTimeline::storm))) {
            h.append("<p>Connection storm: also the client's sessions per target (its established connections); a"
                    + " target's I/O gap lasts until all its sessions are back on the new node (tgtd's I_T nexuses),"
                    + " its cluster time until the group is started there.</p>\n");
        }
        for (Entry e : entries) {
            h.append("<h2>").append(esc(e.sets().get(0).title())).append("</h2>\n<table><tr><th>agents</th>"
                    + "<th>target</th><th>from -&gt; to</th><th>cluster s</th><th>I/O gap s</th><th>operations</th></tr>\n");
            for (MoveTimeline m : e.sets()) {
                for (MoveRow r : m.rows()) {
                    h.append("<tr><td>").append(esc(m.agents())).append("</td><td>").append(esc(r.target()))
                            .append("</td><td>").append(esc(r.from() + " -> " + r.to())).append("</td><td>")
                            .append(r.clusterSeconds().map(TimelineIndex::fmt).orElse("timeout")).append("</td><td>")
                            .append(r.ioGapSeconds().map(TimelineIndex::fmt).orElse("never")).append("</td><td>")
                            .append(m.operations().size()).append("</td></tr>\n");
                }
            }
            h.append("</table>\n<p><a href=\"").append(esc(e.png())).append("\"><img src=\"").append(esc(e.png()))
                    .append("\" alt=\"").append(esc(e.sets().get(0).title())).append("\"></a></p>\n");
        }
        return h.append("</body></html>\n").toString();
    }

    private static String fmt(double seconds) {
        return String.format(Locale.ROOT, "%.2f", seconds);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
