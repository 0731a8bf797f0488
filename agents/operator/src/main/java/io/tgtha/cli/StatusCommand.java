// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import io.tgtha.cli.cluster.ClusterStatus;
import io.tgtha.cli.cluster.Pacemaker;
import io.tgtha.cli.cluster.TargetResource;
import io.tgtha.cli.net.ConnectionHealth;
import io.tgtha.cli.net.SocketSampler;
import io.tgtha.cli.net.SsSocketSource;
import io.tgtha.cli.net.TcpSocket;
import io.tgtha.cli.out.Json;
import io.tgtha.cli.status.StatusReport;
import io.tgtha.cli.status.StatusReport.Available;
import io.tgtha.cli.status.StatusReport.ClusterView;
import io.tgtha.cli.status.StatusReport.Connection;
import io.tgtha.cli.status.StatusReport.Node;
import io.tgtha.cli.status.StatusReport.Placement;
import io.tgtha.cli.status.StatusReport.Resource;
import io.tgtha.cli.status.StatusReport.Session;
import io.tgtha.cli.status.StatusReport.Socket;
import io.tgtha.cli.status.StatusReport.TargetStatus;
import io.tgtha.cli.status.StatusReport.Unavailable;
import io.tgtha.cli.status.NodeLoad;
import io.tgtha.cli.status.PacemakerSysconfig;
import io.tgtha.cli.status.PacemakerThrottle;
import io.tgtha.cli.status.StatusText;
import io.tgtha.cli.status.StatusWarning;
import io.tgtha.cli.status.StockPortblockRules;
import io.tgtha.cli.tgt.ConnectionInfo;
import io.tgtha.cli.tgt.SessionInfo;
import io.tgtha.cli.tgt.TargetInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Targets, LUNs, accounts (names only), ACLs, sessions and their TCP connections with Send-Q/Recv-Q, connections whose Send-Q is not draining (\"stuck\"), and which cluster node runs each target resource. Connections are matched to sessions by initiator address: tgtd does not show the initiator's port. Warns (stderr; \"warnings\" with --json; the exit code stays) when Pacemaker probably throttles actions on this node for its load, or when the stock portblock agent's rules are in the packet filter.")
final class StatusCommand extends Subcommand {
    @Mixin
    TgtdOptions tgtd;

    @Mixin
    NetnsOption netns;

    @Parameters(arity = "0..1", paramLabel = "TARGET", description = "IQN or tid; default: all targets.")
    String target;

    @Mixin
    SamplingOptions sampling;

    @Option(names = "--no-cluster", description = "Do not ask Pacemaker.")
    boolean noCluster;

    @Option(names = "--fail-on-stuck", description = "Exit with code 6 when a connection is stuck (for monitoring).")
    boolean failOnStuck;

    @Override
    protected ExitCode execute(CliContext ctx) {
        List<TargetInfo> targets = List.of();
        String tgtdError = null;
        try {
            targets = tgtd.tgt().targets();
        } catch (CliException e) {
            if (e.exitCode() != ExitCode.TGTD_UNAVAILABLE) {
                throw e;
            }
            tgtdError = e.getMessage();
        }
        List<ConnectionHealth> conns = List.of();
        if (tgtdError == null) {
            conns = new ArrayList<>(new SocketSampler(new SsSocketSource(netns.runner(ctx), sampling.port))
                    .sample(sampling.sample, Duration.ofMillis(100), sampling.stuckAfter));
            conns.sort(Comparator.comparing(c -> c.socket().key()));
        }
        Optional<ClusterStatus> cluster = Optional.empty();
        List<TargetResource> targetResources = List.of();
        String clusterNote = "not asked: --no-cluster";
        List<StatusWarning> warnings = new ArrayList<>();
        if (!noCluster) {
            Pacemaker pacemaker = new Pacemaker(ctx.runner());
            try {
                cluster = Optional.of(pacemaker.requireStatus());
                targetResources = pacemaker.targetResources();
                clusterNote = null;
                throttleWarning(pacemaker, cluster.get()).ifPresent(warnings::add);
            } catch (CliException e) {
                if (e.exitCode() != ExitCode.NO_CLUSTER) {
                    throw e;
                }
                clusterNote = e.getMessage();
            }
        }
        Map<String, List<String>> portals = new java.util.HashMap<>();
        for (TargetResource r : targetResources) {
            portals.put(r.iqn(), r.portalAddresses());
        }
        List<TargetInfo> shown = targets;
        if (target != null) {
            shown = shown.stream().filter(t -> t.iqn().equals(target) || Integer.toString(t.tid()).equals(target))
                    .toList();
            boolean inCluster = targetResources.stream().anyMatch(r -> r.iqn().equals(target)
                    || r.primitive().equals(target) || target.equals(r.group()));
            if (shown.isEmpty() && !inCluster) {
                if (tgtdError != null) {
                    throw new CliException(ExitCode.TGTD_UNAVAILABLE, tgtdError);
                }
                throw new CliException(ExitCode.NOT_FOUND, "no target '" + target + "' here"
                        + (cluster.isPresent() ? " nor in the cluster" : ""));
            }
        }
        if (tgtdError != null && cluster.isEmpty()) {
            throw new CliException(ExitCode.TGTD_UNAVAILABLE, tgtdError);
        }
        StockPortblockRules.warning(StockPortblockRules.find(netns.runner(ctx), sampling.port), sampling.port).ifPresent(warnings::add);

        List<Socket> connections = new ArrayList<>();
        for (ConnectionHealth c : conns) {
            List<String> owners = new ArrayList<>();
            for (TargetInfo t : targets) {
                List<String> targetPortals = portals.getOrDefault(t.iqn(), List.of());
                if (t.initiatorAddresses().stream().anyMatch(a -> belongs(c.socket(), a, targetPortals))) {
                    owners.add(t.iqn());
                }
            }
            if (target == null || shown.stream().anyMatch(t -> owners.contains(t.iqn()))) {
                connections.add(socket(c).withTargets(owners));
            }
        }
        List<TargetStatus> shownStatus = new ArrayList<>();
        for (TargetInfo t : shown) {
            shownStatus.add(targetStatus(t, conns, targets, targetResources, cluster, portals));
        }
        StatusReport report = new StatusReport(hostname(), tgtd.controlPort(),
                new StatusReport.Tgtd(tgtdError == null, tgtdError), sampling.sample.toMillis(), sampling.stuckAfter.toMillis(),
                shownStatus, connections, (int) connections.stream().filter(Socket::stuck).count(),
                clusterView(cluster, targetResources, clusterNote), warnings);
        if (json()) {
            ctx.out().print(Json.render(report));
            ctx.out().flush();
        } else {
            new StatusText(ctx.out(), style(ctx)).render(report);
            warnings.forEach(w -> ctx.err().println("tgtha: warning: " + w.message()));
            ctx.err().flush();
        }
        return failOnStuck && report.stuckConnections() > 0 ? ExitCode.STUCK : ExitCode.OK;
    }

    /**
     * Whether this node's controller probably throttles actions now: its load as the controller reads it against
     * the cluster's load-threshold and node-action-limit (the node's PCMK_node_action_limit overriding the latter).
     * Nothing when the properties cannot be read: the cluster view already says what is wrong.
     */
    private static Optional<StatusWarning> throttleWarning(Pacemaker pacemaker, ClusterStatus cluster) {
        Optional<NodeLoad> load = NodeLoad.read(NodeLoad.PROC);
        if (load.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> options;
        try {
            options = pacemaker.clusterOptions();
        } catch (CliException e) {
            return Optional.empty();
        }
        String actionLimit = PacemakerSysconfig.nodeActionLimit(PacemakerSysconfig.FILES)
                .orElse(options.get("node-action-limit"));
        int online = (int) cluster.nodes().stream().filter(ClusterStatus.NodeStatus::online).count();
        return PacemakerThrottle.assess(load.get().load1(), load.get().cores(), options.get("load-threshold"),
                actionLimit).warning(online);
    }

    /**
     * A socket belongs to an iSCSI connection when it comes from the connection's initiator address and,
     * where the target's portal addresses are known (from the cluster configuration), goes to one of them.
     */
    static boolean belongs(TcpSocket s, String initiatorAddress, List<String> portals) {
        return s.peer().address().equals(initiatorAddress)
                && (portals.isEmpty() || portals.contains(s.local().address()));
    }

    private static TargetStatus targetStatus(TargetInfo t, List<ConnectionHealth> conns, List<TargetInfo> all,
                                             List<TargetResource> resources, Optional<ClusterStatus> cluster,
                                             Map<String, List<String>> portals) {
        List<String> myPortals = portals.getOrDefault(t.iqn(), List.of());
        List<Session> sessions = new ArrayList<>();
        for (SessionInfo s : t.sessions()) {
            List<Connection> connections = new ArrayList<>();
            for (ConnectionInfo c : s.connections()) {
                List<Socket> sockets = conns.stream().filter(h -> belongs(h.socket(), c.address(), myPortals))
                        .map(StatusCommand::socket).toList();
                // the same initiator address in several sessions whose portals may overlap: sockets cannot be
                // told apart (tgtd does not show the initiator's port)
                long sessionsFromAddress = 0;
                for (TargetInfo other : all) {
                    List<String> otherPortals = portals.getOrDefault(other.iqn(), List.of());
                    boolean overlap = myPortals.isEmpty() || otherPortals.isEmpty()
                            || otherPortals.stream().anyMatch(myPortals::contains);
                    if (overlap) {
                        sessionsFromAddress += other.sessions().stream().filter(x -> x.connections().stream()
                                .anyMatch(y -> y.address().equals(c.address()))).count();
                    }
                }
                connections.add(new Connection(c.cid(), c.address(), sockets, sessionsFromAddress > 1));
            }
            sessions.add(new Session(s.sid(), s.initiator(), connections));
        }
        return new TargetStatus(t.tid(), t.iqn(), t.state(), myPortals, t.luns(), t.accounts(), t.acls(), sessions,
                placement(t.iqn(), resources, cluster));
    }

    private static Placement placement(String iqn, List<TargetResource> resources, Optional<ClusterStatus> cluster) {
        if (cluster.isEmpty()) {
            return null;
        }
        return resources.stream().filter(r -> r.iqn().equals(iqn)).findFirst()
                .map(r -> new Placement(r.primitive(), r.group(), cluster.get().runningOn(r.primitive()), r.portalAddresses()))
                .orElse(null);
    }

    private static Socket socket(ConnectionHealth h) {
        TcpSocket s = h.socket();
        return new Socket(s.local().render(), s.peer().render(), s.state(), s.sendQ(), s.recvQ(),
                h.notDrainingFor().toMillis(), h.stuck(), s.backoff(), null);
    }

    private static ClusterView clusterView(Optional<ClusterStatus> cluster, List<TargetResource> resources, String note) {
        if (cluster.isEmpty()) {
            return new Unavailable(note);
        }
        ClusterStatus c = cluster.get();
        return new Available(c.dc(),
                c.nodes().stream().map(n -> new Node(n.name(), n.online(), n.standby(), n.maintenance())).toList(),
                resources.stream().map(r -> new Resource(r.iqn(), r.primitive(), r.group(), r.agent(),
                        c.runningOn(r.primitive()), r.portalAddresses())).toList(),
                c.healthProblems());
    }

    static String hostname() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }
}
