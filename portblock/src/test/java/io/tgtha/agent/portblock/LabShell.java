// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.portblock;

import io.tgtha.packetfilter.BlockRule;
import io.tgtha.packetfilter.SocketTable;
import io.tgtha.packetfilter.TcpConnection;

import io.tgtha.testkit.ExecResult;
import io.tgtha.testkit.Netns;
import io.tgtha.testkit.TgtLab;
import io.tgtha.testkit.TgtadmTargets;

import java.time.Duration;
import java.util.List;

/** Small queries of a namespace's packet filter and sockets for assertions. */
final class LabShell {
    private static final Duration T = Duration.ofSeconds(10);

    private LabShell() {
    }

    /** Our rules ("-A ..." lines carrying the mark) in one table of iptables or ip6tables. */
    static List<String> ownRules(Netns ns, String binary) {
        ExecResult r = ns.exec(T, binary, "-w", "5", "-S").orThrow();
        return r.stdout().lines().filter(l -> l.contains(BlockRule.MARK)).toList();
    }

    /** Every "-A" line (anyone's) of iptables -S. */
    static List<String> allRules(Netns ns, String binary) {
        return ns.exec(T, binary, "-w", "5", "-S").orThrow().stdout().lines().filter(l -> l.startsWith("-A")).toList();
    }

    static String nftRuleset(Netns ns) {
        return ns.exec(T, "nft", "list", "ruleset").orThrow().stdout();
    }

    /** {@code ss -Htn state established '( sport = :PORT )'} lines in the namespace. */
    static List<TcpConnection> established(Netns ns, int port) {
        ExecResult r = ns.exec(T, "ss", "-H", "-t", "-n", "state", "established", "( sport = :" + port + " )").orThrow();
        return SocketTable.parse(r.stdout());
    }

    /** Every live socket of the port (any state but LISTEN/TIME-WAIT) and its Send-Q. */
    static List<TcpConnection> live(Netns ns, int port) {
        ExecResult r = ns.exec(T, "ss", "-H", "-t", "-n", "state", "connected", "exclude", "time-wait",
                "( sport = :" + port + " )").orThrow();
        return SocketTable.parse(r.stdout());
    }

    /** A target with one LUN backed by a sparse file, open to every initiator. */
    static String createTarget(TgtLab lab, int tid, java.nio.file.Path backing, long sizeMb) {
        String iqn = "iqn.2026-01.io.tgtha:pb-lab-" + tid;
        TgtadmTargets.openWithOneLun(lab, tid, iqn, TgtadmTargets.sparseFile(backing, sizeMb << 20));
        return iqn;
    }
}
