// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.status;

import io.tgtha.cli.out.Style;
import io.tgtha.cli.status.StatusReport.Available;
import io.tgtha.cli.status.StatusReport.Connection;
import io.tgtha.cli.status.StatusReport.Placement;
import io.tgtha.cli.status.StatusReport.Session;
import io.tgtha.cli.status.StatusReport.Socket;
import io.tgtha.cli.status.StatusReport.TargetStatus;
import io.tgtha.cli.status.StatusReport.Unavailable;
import io.tgtha.cli.tgt.LunInfo;

import java.io.PrintWriter;
import java.util.List;

/** The human view of a {@link StatusReport}: what an operator reads at a terminal. */
public final class StatusText {
    /** Below this a non-draining time is only the time since the latest ACK. */
    private static final long NOT_DRAINING_SHOWN_MILLIS = 100;

    private final PrintWriter out;
    private final Style st;

    public StatusText(PrintWriter out, Style st) {
        this.out = out;
        this.st = st;
    }

    public void render(StatusReport r) {
        out.println(st.bold("tgtd") + (r.controlPort() == null ? "" : " (control port " + r.controlPort() + ")")
                + " on " + r.host() + ": " + (r.tgtd().running() ? st.green("running")
                : st.red("not running") + " (" + r.tgtd().error() + ")"));
        r.targets().forEach(this::target);
        out.println();
        if (r.cluster() instanceof Available a) {
            cluster(a);
        } else if (r.cluster() instanceof Unavailable u) {
            out.println(st.bold("cluster") + ": none; " + u.reason());
        }
        int stuck = r.stuckConnections();
        out.println(stuck == 0 ? "no stuck connections" : st.red(stuck + " STUCK connection" + (stuck == 1 ? "" : "s")));
        out.flush();
    }

    private void target(TargetStatus t) {
        out.println();
        out.print(st.bold("Target " + t.tid() + ": " + t.iqn()) + "  "
                + ("ready".equals(t.state()) ? st.green(t.state()) : st.yellow(t.state())));
        Placement p = t.cluster();
        if (p != null) {
            out.print("  resource " + p.resource() + group(p.group()) + " " + runningOn(p.runningOn()));
        }
        out.println();
        for (LunInfo l : t.luns()) {
            if (!l.isController()) {
                out.println("  LUN " + l.lun() + "  " + l.type() + "  " + l.sizeMb() + " MB  " + l.backingStoreType() + " "
                        + l.backingStorePath() + (l.readonly() ? "  read-only" : ""));
            }
        }
        List<String> accounts = t.accounts().stream()
                .map(a -> a.user() + (a.outgoing() ? " (outgoing)" : "")).toList();
        out.println("  accounts: " + (accounts.isEmpty() ? "none (no CHAP)" : String.join(", ", accounts)));
        out.println("  ACL: " + (t.acls().isEmpty() ? "none (no initiator may log in)" : String.join(", ", t.acls())));
        if (!t.portals().isEmpty()) {
            out.println("  portal: " + String.join(", ", t.portals()));
        }
        if (t.sessions().isEmpty()) {
            out.println("  sessions: none");
        }
        for (Session s : t.sessions()) {
            out.println("  session " + s.sid() + "  " + s.initiator());
            for (Connection c : s.connections()) {
                out.println("    connection " + c.cid() + " from " + c.address()
                        + (c.sockets().isEmpty() ? "  (no TCP socket seen)" : "")
                        + (c.socketsShared() ? "  (address shared by several sessions)" : ""));
                c.sockets().forEach(sk -> out.println("      " + socketLine(sk)));
            }
        }
    }

    private void cluster(Available c) {
        List<String> nodes = c.nodes().stream().map(n -> n.name() + " "
                + (n.online() ? st.green("online") : st.red("OFFLINE")) + (n.standby() ? " standby" : "")).toList();
        out.println(st.bold("cluster") + ": " + (c.dc() == null ? st.red("no DC") : "DC " + c.dc())
                + "; nodes " + String.join(", ", nodes));
        for (StatusReport.Resource t : c.targets()) {
            out.println("  " + t.iqn() + "  " + t.resource() + group(t.group()) + "  "
                    + (t.runningOn().isEmpty() ? st.yellow("not running") : "on " + String.join(",", t.runningOn())));
        }
        c.problems().forEach(p -> out.println("  " + st.red("problem: ") + p));
    }

    private String runningOn(List<String> nodes) {
        return nodes.isEmpty() ? st.yellow("not running") : "on " + String.join(",", nodes);
    }

    private static String group(String group) {
        return group == null ? "" : " (group " + group + ")";
    }

    private String socketLine(Socket s) {
        String line = s.local() + " <- " + s.peer() + "  " + s.state() + "  Send-Q " + s.sendQ() + "  Recv-Q " + s.recvQ();
        if (s.notDrainingMillis() >= NOT_DRAINING_SHOWN_MILLIS) {
            line += "  not draining for " + String.format("%.1f s", s.notDrainingMillis() / 1000.0);
        }
        return s.stuck() ? line + "  " + st.red("STUCK") : line;
    }
}
