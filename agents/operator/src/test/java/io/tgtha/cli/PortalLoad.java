// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import io.tgtha.cli.net.SsParser;
import io.tgtha.cli.net.TcpSocket;
import io.tgtha.testkit.Initiator;
import io.tgtha.testkit.IscsiUrl;
import io.tgtha.testkit.TgtLab;
import java.time.Duration;
import java.util.List;

/** An iscsi-perf session loading a lab target, and the target side's sockets on the portal as ss shows them. */
final class PortalLoad {
    private static final Duration WITHIN = Duration.ofSeconds(20);

    private PortalLoad() {
    }

    /** The target namespace's sockets on port 3260 ({@code ss -tnie}). */
    static List<TcpSocket> sockets(TgtLab lab) {
        return SsParser.parse(lab.targetNs().exec(WITHIN, "ss", "-tnie", "( sport = :3260 )").orThrow().stdout());
    }

    /**
     * iscsi-perf on LUN 1 of IQN for 60 s, once tgtd shows its session (I_T nexus) and the connection has data
     * queued; polls up to 20 s for both.
     */
    static Initiator.PerfLoad startAndAwaitSession(TgtLab lab, String iqn) throws InterruptedException {
        Initiator.PerfLoad perf = lab.initiator().startPerf(IscsiUrl.lun(lab.targetIp(), iqn, 1), Duration.ofSeconds(60),
                100);
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            List<TcpSocket> sockets = sockets(lab);
            if (lab.tgtd().tgtadm("--op", "show", "--mode", "target").stdout().contains("I_T nexus: ")
                    && !sockets.isEmpty() && sockets.get(0).sendQ() > 0) {
                return perf;
            }
            Thread.sleep(100);
        }
        String output = perf.output();
        perf.close();
        throw new AssertionError("iscsi-perf did not log in and load the connection: " + output);
    }
}
