package io.tgtha.cli;

import io.tgtha.cli.cluster.ClusterStatus;
import io.tgtha.cli.cluster.Pacemaker;
import io.tgtha.cli.cluster.TargetResource;
import io.tgtha.cli.net.ConnectionHealth;
import io.tgtha.cli.net.SocketSampler;
import io.tgtha.cli.net.SsSocketSource;
import io.tgtha.cli.net.TcpSocket;
import io.tgtha.cli.out.Json;
import io.tgtha.cli.out.Style;
import io.tgtha.cli.tgt.AccountBinding;
import io.tgtha.cli.tgt.ConnectionInfo;
import io.tgtha.cli.tgt.LunInfo;
import io.tgtha.cli.tgt.SessionInfo;
import io.tgtha.cli.tgt.TargetInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Targets, LUNs, accounts (names only), ACLs, sessions and their TCP connections with Send-Q/Recv-Q, connections whose Send-Q is not draining (\"stuck\"), and which cluster node runs each target resource. Connections are matched to sessions by initiator address: tgtd does not show the initiator's port.")
final class StatusCommand extends Subcommand {
    @Mixin
    TgtdOptions tgtd;

    @Mixin
    NetnsOption netns;

    @Parameters(arity = "0..1", paramLabel = "TARGET", description = "IQN or tid; default: all targets.")
    String target;

    @Option(names = "--sample", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Watch connections this long to see whether Send-Q drains (default: 1s; 0 = one look).")
    Duration sample = Duration.ofSeconds(1);

    @Option(names = "--stuck-after", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "A non-empty Send-Q not drained for this long is flagged stuck (default: 1s).")
    Duration stuckAfter = Duration.ofSeconds(1);

    @Option(names = "--port", paramLabel = "PORT", converter = PortConverter.Tcp.class, description = "iSCSI portal TCP port (default: ${DEFAULT-VALUE}).")
    int port = 3260;

    @Option(names = "--no-cluster", description = "Do not ask Pacemaker.")
    boolean noCluster;

    @Option(names = "--fail-on-stuck", description = "Exit with code 6 when a connection is stuck (for monitoring).")
    boolean failOnStuck;

    @Override
    protected ExitCode execute(CliContext ctx) {
        Map<String, Object> report = new LinkedHashMap<>();
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
            conns = new ArrayList<>(new SocketSampler(new SsSocketSource(netns.runner(ctx), port))
                    .sample(sample, Duration.ofMillis(100), stuckAfter));
            conns.sort(Comparator.comparing(c -> c.socket().key()));
        }
        Optional<ClusterStatus> cluster = Optional.empty();
        List<TargetResource> targetResources = List.of();
        String clusterNote = "not asked: --no-cluster";
        if (!noCluster) {
            Pacemaker pacemaker = new Pacemaker(ctx.runner());
            try {
                cluster = Optional.of(pacemaker.requireStatus());
                targetResources = pacemaker.targetResources();
                clusterNote = null;
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
            shown = targets.stream().filter(t -> t.iqn().equals(target) || Integer.toString(t.tid()).equals(target))
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

        report.put("host", hostname());
        report.put("controlPort", tgtd.controlPort());
        Map<String, Object> tgtd = new LinkedHashMap<>();
        tgtd.put("running", tgtdError == null);
        if (tgtdError != null) {
            tgtd.put("error", tgtdError);
        }
        report.put("tgtd", tgtd);
        report.put("sampleMillis", sample.toMillis());
        report.put("stuckAfterMillis", stuckAfter.toMillis());
        List<Object> targetsJson = new ArrayList<>();
        for (TargetInfo t : shown) {
            targetsJson.add(targetJson(t, conns, targets, targetResources, cluster, portals));
        }
        report.put("targets", targetsJson);
        List<Object> connsJson = new ArrayList<>();
        int stuck = 0;
        for (ConnectionHealth c : conns) {
            List<String> owners = targets.stream().filter(t -> t.initiatorAddresses().stream()
                    .anyMatch(a -> belongs(c.socket(), a, portals.getOrDefault(t.iqn(), List.of()))))
                    .map(TargetInfo::iqn).toList();
            if (target != null && shown.stream().noneMatch(t -> owners.contains(t.iqn()))) {
                continue;
            }
            Map<String, Object> j = socketJson(c);
            j.put("targets", owners);
            connsJson.add(j);
            if (c.stuck()) {
                stuck++;
            }
        }
        report.put("connections", connsJson);
        report.put("stuckConnections", stuck);
        report.put("cluster", clusterJson(cluster, targetResources, clusterNote));

        if (json()) {
            ctx.out().print(Json.render(report));
            ctx.out().flush();
        } else {
            renderText(ctx.out(), style(ctx), report);
        }
        return failOnStuck && stuck > 0 ? ExitCode.STUCK : ExitCode.OK;
    }

    /**
     * A socket belongs to an iSCSI connection when it comes from the connection's initiator address and,
     * where the target's portal addresses are known (from the cluster configuration), goes to one of them.
     */
    static boolean belongs(TcpSocket s, String initiatorAddress, List<String> portals) {
        return s.peer().address().equals(initiatorAddress)
                && (portals.isEmpty() || portals.contains(s.local().address()));
    }

    private static Map<String, Object> targetJson(TargetInfo t, List<ConnectionHealth> conns, List<TargetInfo> all,
                                                  List<TargetResource> resources, Optional<ClusterStatus> cluster,
                                                  Map<String, List<String>> portals) {
        List<String> myPortals = portals.getOrDefault(t.iqn(), List.of());
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("tid", t.tid());
        j.put("iqn", t.iqn());
        j.put("state", t.state());
        j.put("portals", myPortals);
        List<Object> luns = new ArrayList<>();
        for (LunInfo l : t.luns()) {
            Map<String, Object> lj = new LinkedHashMap<>();
            lj.put("lun", l.lun());
            lj.put("type", l.type());
            lj.put("sizeMb", l.sizeMb());
            lj.put("online", l.online());
            lj.put("readonly", l.readonly());
            lj.put("backingStoreType", l.backingStoreType());
            lj.put("backingStorePath", l.backingStorePath());
            luns.add(lj);
        }
        j.put("luns", luns);
        List<Object> accounts = new ArrayList<>();
        for (AccountBinding a : t.accounts()) {
            accounts.add(Map.of("user", a.user(), "outgoing", a.outgoing()));
        }
        j.put("accounts", accounts);
        j.put("acls", t.acls());
        List<Object> sessions = new ArrayList<>();
        for (SessionInfo s : t.sessions()) {
            Map<String, Object> sj = new LinkedHashMap<>();
            sj.put("sid", s.sid());
            sj.put("initiator", s.initiator());
            List<Object> cj = new ArrayList<>();
            for (ConnectionInfo c : s.connections()) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("cid", c.cid());
                one.put("address", c.address());
                List<Object> sockets = new ArrayList<>();
                for (ConnectionHealth h : conns) {
                    if (belongs(h.socket(), c.address(), myPortals)) {
                        sockets.add(socketJson(h));
                    }
                }
                one.put("sockets", sockets);
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
                one.put("socketsShared", sessionsFromAddress > 1);
                cj.add(one);
            }
            sj.put("connections", cj);
            sessions.add(sj);
        }
        j.put("sessions", sessions);
        j.put("cluster", resourceJson(t.iqn(), resources, cluster));
        return j;
    }

    private static Object resourceJson(String iqn, List<TargetResource> resources, Optional<ClusterStatus> cluster) {
        if (cluster.isEmpty()) {
            return null;
        }
        for (TargetResource r : resources) {
            if (r.iqn().equals(iqn)) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("resource", r.primitive());
                j.put("group", r.group());
                j.put("runningOn", cluster.get().runningOn(r.primitive()));
                j.put("portals", r.portalAddresses());
                return j;
            }
        }
        return null;
    }

    private static Map<String, Object> socketJson(ConnectionHealth h) {
        TcpSocket s = h.socket();
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("local", s.local().render());
        j.put("peer", s.peer().render());
        j.put("state", s.state());
        j.put("sendQ", s.sendQ());
        j.put("recvQ", s.recvQ());
        j.put("notDrainingMillis", h.notDrainingFor().toMillis());
        j.put("stuck", h.stuck());
        j.put("retransmitBackoff", s.backoff());
        return j;
    }

    private static Object clusterJson(Optional<ClusterStatus> cluster, List<TargetResource> resources, String note) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("available", cluster.isPresent());
        if (cluster.isEmpty()) {
            j.put("reason", note);
            return j;
        }
        ClusterStatus c = cluster.get();
        j.put("dc", c.dc());
        List<Object> nodes = new ArrayList<>();
        for (ClusterStatus.NodeStatus n : c.nodes()) {
            Map<String, Object> nj = new LinkedHashMap<>();
            nj.put("name", n.name());
            nj.put("online", n.online());
            nj.put("standby", n.standby());
            nj.put("maintenance", n.maintenance());
            nodes.add(nj);
        }
        j.put("nodes", nodes);
        List<Object> targets = new ArrayList<>();
        for (TargetResource r : resources) {
            Map<String, Object> tj = new LinkedHashMap<>();
            tj.put("iqn", r.iqn());
            tj.put("resource", r.primitive());
            tj.put("group", r.group());
            tj.put("agent", r.agent());
            tj.put("runningOn", c.runningOn(r.primitive()));
            tj.put("portals", r.portalAddresses());
            targets.add(tj);
        }
        j.put("targets", targets);
        j.put("problems", c.healthProblems());
        return j;
    }

    @SuppressWarnings("unchecked")
    private static void renderText(PrintWriter out, Style st, Map<String, Object> r) {
        Map<String, Object> tgtd = (Map<String, Object>) r.get("tgtd");
        out.println(st.bold("tgtd") + (r.get("controlPort") == null ? "" : " (control port " + r.get("controlPort") + ")")
                + " on " + r.get("host") + ": " + (Boolean.TRUE.equals(tgtd.get("running"))
                ? st.green("running") : st.red("not running") + " (" + tgtd.get("error") + ")"));
        for (Object o : (List<Object>) r.get("targets")) {
            Map<String, Object> t = (Map<String, Object>) o;
            String state = String.valueOf(t.get("state"));
            out.println();
            out.print(st.bold("Target " + t.get("tid") + ": " + t.get("iqn")) + "  "
                    + ("ready".equals(state) ? st.green(state) : st.yellow(state)));
            Map<String, Object> res = (Map<String, Object>) t.get("cluster");
            if (res != null) {
                List<String> on = (List<String>) res.get("runningOn");
                out.print("  resource " + res.get("resource") + (res.get("group") == null ? "" : " (group " + res.get("group") + ")")
                        + (on.isEmpty() ? " " + st.yellow("not running") : " on " + String.join(",", on)));
            }
            out.println();
            for (Object lo : (List<Object>) t.get("luns")) {
                Map<String, Object> l = (Map<String, Object>) lo;
                if ("controller".equals(l.get("type"))) {
                    continue;
                }
                out.println("  LUN " + l.get("lun") + "  " + l.get("type") + "  " + l.get("sizeMb") + " MB  "
                        + l.get("backingStoreType") + " " + l.get("backingStorePath")
                        + (Boolean.TRUE.equals(l.get("readonly")) ? "  read-only" : ""));
            }
            List<String> accounts = new ArrayList<>();
            for (Object ao : (List<Object>) t.get("accounts")) {
                Map<String, Object> a = (Map<String, Object>) ao;
                accounts.add(a.get("user") + (Boolean.TRUE.equals(a.get("outgoing")) ? " (outgoing)" : ""));
            }
            out.println("  accounts: " + (accounts.isEmpty() ? "none (no CHAP)" : String.join(", ", accounts)));
            List<String> acls = (List<String>) t.get("acls");
            out.println("  ACL: " + (acls.isEmpty() ? "none (no initiator may log in)" : String.join(", ", acls)));
            List<String> tp = (List<String>) t.get("portals");
            if (!tp.isEmpty()) {
                out.println("  portal: " + String.join(", ", tp));
            }
            List<Object> sessions = (List<Object>) t.get("sessions");
            if (sessions.isEmpty()) {
                out.println("  sessions: none");
            }
            for (Object so : sessions) {
                Map<String, Object> s = (Map<String, Object>) so;
                out.println("  session " + s.get("sid") + "  " + s.get("initiator"));
                for (Object co : (List<Object>) s.get("connections")) {
                    Map<String, Object> c = (Map<String, Object>) co;
                    List<Object> sockets = (List<Object>) c.get("sockets");
                    out.println("    connection " + c.get("cid") + " from " + c.get("address")
                            + (sockets.isEmpty() ? "  (no TCP socket seen)" : "")
                            + (Boolean.TRUE.equals(c.get("socketsShared")) ? "  (address shared by several sessions)" : ""));
                    for (Object sk : sockets) {
                        out.println("      " + socketLine(st, (Map<String, Object>) sk));
                    }
                }
            }
        }
        Map<String, Object> cl = (Map<String, Object>) r.get("cluster");
        out.println();
        if (!Boolean.TRUE.equals(cl.get("available"))) {
            out.println(st.bold("cluster") + ": none; " + cl.get("reason"));
        } else {
            List<String> nodes = new ArrayList<>();
            for (Object no : (List<Object>) cl.get("nodes")) {
                Map<String, Object> n = (Map<String, Object>) no;
                nodes.add(n.get("name") + " " + (Boolean.TRUE.equals(n.get("online")) ? st.green("online") : st.red("OFFLINE"))
                        + (Boolean.TRUE.equals(n.get("standby")) ? " standby" : ""));
            }
            out.println(st.bold("cluster") + ": " + (cl.get("dc") == null ? st.red("no DC") : "DC " + cl.get("dc"))
                    + "; nodes " + String.join(", ", nodes));
            for (Object to : (List<Object>) cl.get("targets")) {
                Map<String, Object> t = (Map<String, Object>) to;
                List<String> on = (List<String>) t.get("runningOn");
                out.println("  " + t.get("iqn") + "  " + t.get("resource")
                        + (t.get("group") == null ? "" : " (group " + t.get("group") + ")") + "  "
                        + (on.isEmpty() ? st.yellow("not running") : "on " + String.join(",", on)));
            }
            for (Object p : (List<Object>) cl.get("problems")) {
                out.println("  " + st.red("problem: ") + p);
            }
        }
        int stuck = ((Number) r.get("stuckConnections")).intValue();
        out.println(stuck == 0 ? "no stuck connections" : st.red(stuck + " STUCK connection" + (stuck == 1 ? "" : "s")));
        out.flush();
    }

    private static String socketLine(Style st, Map<String, Object> s) {
        long notDraining = ((Number) s.get("notDrainingMillis")).longValue();
        String line = s.get("local") + " <- " + s.get("peer") + "  " + s.get("state") + "  Send-Q " + s.get("sendQ")
                + "  Recv-Q " + s.get("recvQ");
        if (notDraining >= 100) { // below that it is just the time since the latest ACK
            line += "  not draining for " + String.format("%.1f s", notDraining / 1000.0);
        }
        if (Boolean.TRUE.equals(s.get("stuck"))) {
            line += "  " + st.red("STUCK");
        }
        return line;
    }

    static String hostname() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }
}
