// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import io.tgtha.cli.cluster.Pacemaker;
import io.tgtha.cli.cluster.TargetResource;
import io.tgtha.cli.metrics.NodeMetrics;
import io.tgtha.cli.net.ConnectionHealth;
import io.tgtha.cli.net.SocketSampler;
import io.tgtha.cli.net.SsSocketSource;
import io.tgtha.cli.tgt.TargetInfo;
import io.tgtha.cli.tgt.TgtAdmin;
import io.tgtha.cli.tgt.TgtClientAdmin;
import io.tgtha.ocf.exec.CommandRunner;
import io.tgtha.tgt.TgtClient;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One look at this node as {@code tgtha metrics} prints it before the agent host's part: tgtd up, its targets and
 * sessions, and the Send-Q of each initiator connection sampled over a short window. {@code tgtha metrics} and the
 * agent host's HTTP endpoint both render through this, so a scraper sees the same whichever it reads.
 *
 * @param tgt     the tgtd to ask
 * @param net     where {@code ss} runs (inside a network namespace for {@code --netns})
 * @param cluster where {@code cibadmin} runs, for the targets' portal addresses
 */
public record NodeMetricsCollector(TgtAdmin tgt, CommandRunner net, CommandRunner cluster, Options options) {

    /**
     * @param sample     how long connections are watched to see whether their Send-Q drains (0: one look)
     * @param stuckAfter a non-empty Send-Q not drained this long is flagged stuck
     * @param port       the iSCSI portal port whose sockets are sampled
     * @param askCluster whether to read the targets' portal addresses from Pacemaker
     */
    public record Options(Duration sample, Duration stuckAfter, int port, boolean askCluster) {
        /** {@code tgtha metrics} without options. */
        public static final Options DEFAULTS = new Options(Duration.ofSeconds(1), Duration.ofSeconds(1), 3260, true);
        /**
         * What the agent host's HTTP endpoint serves: {@link #DEFAULTS} with one look at the sockets (sample 0), so
         * a scrape is not held for a sampling window; a Send-Q that does not drain is still flagged stuck by the
         * kernel's time since the last ACK ({@code lastack}), only the within-window signal is missing.
         */
        public static final Options ONE_LOOK = new Options(Duration.ZERO, DEFAULTS.stuckAfter(), DEFAULTS.port(),
                DEFAULTS.askCluster());
    }

    /**
     * The node's default tgtd (control port 0, or TGT_IPC_SOCKET's), with {@link Options#ONE_LOOK}: what the agent
     * host serves, the same as {@code tgtha metrics --sample 0}.
     */
    public static NodeMetricsCollector ofThisNode(CommandRunner runner) {
        return new NodeMetricsCollector(new TgtClientAdmin(TgtClient.forControlPort(0, Duration.ofSeconds(10))),
                runner, runner, Options.ONE_LOOK);
    }

    /**
     * The node's part of the exposition. tgtd not answering is an answer ({@code tgtha_tgtd_up 0}), and so is no
     * cluster (sockets are then matched by initiator address only); anything else is a {@link CliException}.
     */
    public String collect() {
        List<TargetInfo> targets = List.of();
        boolean tgtdRunning = true;
        try {
            targets = tgt.targets();
        } catch (CliException e) {
            if (e.exitCode() != ExitCode.TGTD_UNAVAILABLE) {
                throw e;
            }
            tgtdRunning = false;
        }
        List<ConnectionHealth> sockets = tgtdRunning
                ? new SocketSampler(new SsSocketSource(net, options.port()))
                        .sample(options.sample(), Duration.ofMillis(100), options.stuckAfter())
                : List.of();
        return new NodeMetrics(tgtdRunning, targets, sockets, portals(), StatusCommand::belongs).render();
    }

    /** Portal addresses per IQN from the cluster configuration; none without a cluster. */
    private Map<String, List<String>> portals() {
        Map<String, List<String>> portals = new HashMap<>();
        if (!options.askCluster()) {
            return portals;
        }
        try {
            for (TargetResource r : new Pacemaker(cluster).targetResources()) {
                portals.put(r.iqn(), r.portalAddresses());
            }
        } catch (CliException e) {
            if (e.exitCode() != ExitCode.NO_CLUSTER) {
                throw e;
            }
        }
        return portals;
    }
}
