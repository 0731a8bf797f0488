// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import io.tgtha.agent.tgt.OfflineHold;
import java.io.IOException;
import io.tgtha.cli.cluster.Pacemaker;
import io.tgtha.cli.cluster.TargetResource;
import io.tgtha.cli.net.ConnectionReset;
import io.tgtha.cli.net.PeerAddresses;
import io.tgtha.cli.net.PortblockConnectionReset;
import io.tgtha.cli.net.PeerConnectionReset;
import io.tgtha.cli.net.ResetScope;
import io.tgtha.cli.net.SocketSource;
import io.tgtha.cli.net.SsSocketSource;
import io.tgtha.cli.net.TcpSocket;
import io.tgtha.cli.out.Json;
import io.tgtha.cli.out.Progress;
import io.tgtha.cli.out.Style;
import io.tgtha.cli.tgt.ConnectionInfo;
import io.tgtha.tgt.ProvenPeerAddresses;
import io.tgtha.cli.tgt.SessionInfo;
import io.tgtha.cli.tgt.TargetInfo;
import io.tgtha.cli.tgt.TgtAdmin;
import io.tgtha.ocf.Deadline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

@Command(name = "drain", mixinStandardHelpOptions = true,
        description = "Take targets out of service: refuse new logins (tgtd state offline), reset their TCP connections (RST rule on OUTPUT plus ss -K, under the packet-filter mutex), and wait until their sessions are gone. Undo with 'tgtha ready'. Every connection from the drained targets' initiator addresses to the portal port is reset, because tgtd does not tell which TCP connection belongs to which target.")
final class DrainCommand extends Subcommand {
    /** What --json prints: the field names are an interface. */
    record DrainReport(String result, long elapsedMillis, List<DrainedTarget> targets, ResetScopeView resetScope,
                       List<ResetSocket> connectionsReset, List<String> connectionsLeft) {
    }

    record DrainedTarget(int tid, String iqn, String state, List<ClosedSession> sessionsClosed, List<Long> sessionsLeft) {
    }

    record ClosedSession(long sid, String initiator, List<String> addresses) {
    }

    record ResetScopeView(List<String> initiators, List<String> portals, String mechanism) {
    }

    record ResetSocket(String local, String peer, String state, long sendQ) {
    }

    @Mixin
    DrainedTargetOptions targets;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Give up waiting for sessions to go after this long (default: 10s; exit code 5).")
    Duration timeout = Duration.ofSeconds(10);

    @Option(names = "--port", paramLabel = "PORT", converter = PortConverter.Tcp.class, description = "iSCSI portal TCP port (default: ${DEFAULT-VALUE}).")
    int port = 3260;

    @Option(names = "--portal", paramLabel = "IP",
            description = "Reset every connection to this local portal address, with the portblock agent's reset (repeatable). Default: only connections from the drained targets' initiator addresses.")
    List<String> portals = new ArrayList<>();

    @Option(names = "--no-cluster", description = "Do not ask Pacemaker for the targets' portal addresses.")
    boolean noCluster;

    /**
     * With --portal: the portblock agent's reset of everything on those portal addresses. Without: only
     * the drained targets' initiators (narrowed to their portals when the cluster names them), with the
     * same rule shape and mutex, because other targets may share the initiator host or the portal.
     */
    ConnectionReset connectionReset(CliContext ctx, SocketSource sockets) {
        if (!portals.isEmpty()) {
            return new PortblockConnectionReset(targets.runner(ctx), ctx.lockDir(), sockets);
        }
        return new PeerConnectionReset(targets.runner(ctx), ctx.lockDir(), sockets);
    }

    @Override
    protected ExitCode execute(CliContext ctx) {
        TgtAdmin tgt = targets.tgt();
        Deadline deadline = Deadline.after(timeout);
        List<TargetInfo> chosen = targets.select(tgt.targets());
        // looked up first: the time between offline and the reset should be as short as it can be
        List<String> locals = portals.isEmpty() ? clusterPortals(ctx, chosen) : portals;
        // read while the sessions are all there: offline drops them one by one
        List<ProvenPeerAddresses> proven = chosen.stream().map(tgt::provenAddresses).toList();
        long started = System.nanoTime();
        for (TargetInfo t : chosen) {
            // the note first: the target's recurring monitor must never see it offline without one
            holdOffline(ctx, t);
            tgt.setState(t.tid(), "offline");
        }
        SocketSource sockets = new SsSocketSource(targets.runner(ctx), port);
        Set<String> peers = PeerAddresses.toReset(chosen, proven, sockets.sockets(), ctx.err());
        ConnectionReset reset = connectionReset(ctx, sockets);
        ResetScope scope = new ResetScope(port, new ArrayList<>(peers), locals);
        List<TcpSocket> resetSockets = new ArrayList<>();
        Set<Integer> tids = new LinkedHashSet<>();
        chosen.forEach(t -> tids.add(t.tid()));
        List<TargetInfo> remaining = List.of();
        List<TcpSocket> remainingSockets = List.of();
        try (Progress progress = new Progress(ctx.err(), ctx.terminal())) {
            if (!peers.isEmpty()) {
                resetSockets.addAll(reset.reset(scope, deadline));
            }
            long lastDestroy = System.nanoTime();
            while (true) {
                remaining = sessionsLeft(tgt, tids);
                remainingSockets = peers.isEmpty() ? List.of()
                        : sockets.sockets().stream().filter(scope::matches).filter(s -> s.sendQ() > 0).toList();
                int sessionCount = remaining.stream().mapToInt(t -> t.sessions().size()).sum();
                if (sessionCount == 0 && remainingSockets.isEmpty()) {
                    break;
                }
                if (deadline.expired()) {
                    break;
                }
                progress.update("draining " + chosen.size() + " target" + (chosen.size() == 1 ? "" : "s") + ": "
                        + sessionCount + " session" + (sessionCount == 1 ? "" : "s") + " and "
                        + remainingSockets.size() + " connection" + (remainingSockets.size() == 1 ? "" : "s") + " with data left");
                // a socket that survived (or an old one tgtd just closed, still holding data): destroy again
                if (!peers.isEmpty() && System.nanoTime() - lastDestroy > Duration.ofMillis(300).toNanos()) {
                    for (TcpSocket s : reset.destroyRemaining(scope, deadline)) {
                        if (resetSockets.stream().noneMatch(x -> x.key().equals(s.key()))) {
                            resetSockets.add(s);
                        }
                    }
                    lastDestroy = System.nanoTime();
                }
                sleep(50);
            }
        } finally {
            if (!peers.isEmpty()) {
                reset.lift(scope, Deadline.after(Duration.ofSeconds(10)));
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        int left = remaining.stream().mapToInt(t -> t.sessions().size()).sum();
        boolean done = left == 0 && remainingSockets.isEmpty();

        List<DrainedTarget> drained = new ArrayList<>();
        for (TargetInfo t : chosen) {
            drained.add(new DrainedTarget(t.tid(), t.iqn(), "offline",
                    t.sessions().stream().map(s -> new ClosedSession(s.sid(), s.initiator(),
                            s.connections().stream().map(ConnectionInfo::address).toList())).toList(),
                    remaining.stream().filter(r -> r.tid() == t.tid()).flatMap(r -> r.sessions().stream())
                            .map(SessionInfo::sid).toList()));
        }
        DrainReport report = new DrainReport(done ? "drained" : "timeout", took.toMillis(), drained,
                new ResetScopeView(scope.peerAddresses(), scope.localAddresses(), portals.isEmpty() ? "tgtha-drain" : "portblock"),
                resetSockets.stream().map(s -> new ResetSocket(s.local().render(), s.peer().render(), s.state(), s.sendQ())).toList(),
                remainingSockets.stream().map(s -> s.peer().render()).toList());
        if (json()) {
            ctx.out().print(Json.render(report));
        } else {
            Style st = style(ctx);
            for (TargetInfo t : chosen) {
                ctx.out().println("target " + t.tid() + " " + t.iqn() + ": offline, " + t.sessions().size()
                        + " session" + (t.sessions().size() == 1 ? "" : "s") + " closed"
                        + (t.sessions().isEmpty() ? "" : " (" + String.join(", ", t.sessions().stream()
                        .map(s -> s.initiator() + " from " + String.join(",", s.connections().stream()
                                .map(ConnectionInfo::address).toList())).toList()) + ")"));
            }
            for (TcpSocket s : resetSockets) {
                ctx.out().println("reset " + s.local().render() + " <- " + s.peer().render() + " " + s.state()
                        + " (Send-Q " + s.sendQ() + ")");
            }
            ctx.out().println(done ? st.green("drained") + " in " + String.format("%.2f s", took.toMillis() / 1000.0)
                    : st.red("NOT drained") + " after " + String.format("%.1f s", took.toMillis() / 1000.0) + ": "
                    + left + " session(s), " + remainingSockets.size() + " connection(s) with data left");
        }
        ctx.out().flush();
        return done ? ExitCode.OK : ExitCode.TIMEOUT;
    }

    /**
     * The chosen targets' portal addresses from the cluster configuration, when every one of them has
     * some: then only connections from their initiators TO those portals are reset, and an initiator's
     * sessions with other targets on other portals stay untouched. Empty otherwise (no cluster, unknown).
     */
    private List<String> clusterPortals(CliContext ctx, List<TargetInfo> chosen) {
        if (noCluster) {
            return List.of();
        }
        List<TargetResource> resources;
        try {
            resources = new Pacemaker(ctx.runner()).targetResources();
        } catch (CliException e) {
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (TargetInfo t : chosen) {
            List<String> p = resources.stream().filter(r -> r.iqn().equals(t.iqn()))
                    .flatMap(r -> r.portalAddresses().stream()).toList();
            if (p.isEmpty()) {
                return List.of();
            }
            out.addAll(p);
        }
        return new ArrayList<>(out);
    }

    private static List<TargetInfo> sessionsLeft(TgtAdmin tgt, Set<Integer> tids) {
        return tgt.targets().stream().filter(t -> tids.contains(t.tid()) && !t.sessions().isEmpty()).toList();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.FAILURE, "interrupted");
        }
    }

    /** Tells the target agent's monitor the target is offline on purpose, until {@code tgtha ready}. */
    static void holdOffline(CliContext ctx, TargetInfo t) {
        try {
            OfflineHold.drainedByOperator(ctx.lockDir().resolveSibling("offline"), t.iqn(), "drained by tgtha drain");
        } catch (IOException e) {
            throw new CliException(ExitCode.COMMAND_FAILED, "cannot write the drain note of " + t.iqn()
                    + " (without it Pacemaker's monitor would undo the drain): " + e.getMessage());
        }
    }
}
