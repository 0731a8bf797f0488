// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.status;

import io.tgtha.cli.out.Json.OmitIfNull;
import io.tgtha.cli.tgt.AccountBinding;
import io.tgtha.cli.tgt.LunInfo;

import java.util.List;

/**
 * What {@code tgtha status} reports. The component names are the JSON field names, an interface
 * scripts rely on (pinned by JsonFieldNamesTest and shown in docs/operator-guide.md).
 *
 * @param controlPort null for tgtd's default control port
 * @param warnings    what makes the next failover slower or blocks initiators (load throttle, stock rules)
 */
public record StatusReport(String host, Integer controlPort, Tgtd tgtd, long sampleMillis, long stuckAfterMillis,
                           List<TargetStatus> targets, List<Socket> connections, int stuckConnections,
                           ClusterView cluster, List<StatusWarning> warnings) {
    public StatusReport {
        targets = List.copyOf(targets);
        connections = List.copyOf(connections);
        warnings = List.copyOf(warnings);
    }

    /** @param error why tgtd did not answer; absent while it runs */
    public record Tgtd(boolean running, @OmitIfNull String error) {
    }

    /**
     * @param portals the target's portal addresses from the cluster configuration (empty: unknown)
     * @param cluster its resource, or null when the cluster is unavailable or does not manage it
     */
    public record TargetStatus(int tid, String iqn, String state, List<String> portals, List<LunInfo> luns,
                               List<AccountBinding> accounts, List<String> acls, List<Session> sessions,
                               Placement cluster) {
        public TargetStatus {
            portals = List.copyOf(portals);
            luns = List.copyOf(luns);
            accounts = List.copyOf(accounts);
            acls = List.copyOf(acls);
            sessions = List.copyOf(sessions);
        }
    }

    /** @param initiator the initiator's name, escaped: it wrote it */
    public record Session(long sid, String initiator, List<Connection> connections) {
        public Session {
            connections = List.copyOf(connections);
        }
    }

    /**
     * @param sockets       the TCP sockets from this address (to the target's portals, where known)
     * @param socketsShared the address has sessions with several targets whose sockets cannot be told apart
     */
    public record Connection(int cid, String address, List<Socket> sockets, boolean socketsShared) {
        public Connection {
            sockets = List.copyOf(sockets);
        }
    }

    /**
     * One TCP socket as ss shows it, with how long its Send-Q has not drained.
     *
     * @param targets in the top-level list only: every target the socket may belong to
     */
    public record Socket(String local, String peer, String state, long sendQ, long recvQ, long notDrainingMillis,
                         boolean stuck, int retransmitBackoff, @OmitIfNull List<String> targets) {
        public Socket withTargets(List<String> owners) {
            return new Socket(local, peer, state, sendQ, recvQ, notDrainingMillis, stuck, retransmitBackoff,
                    List.copyOf(owners));
        }
    }

    /** A target's resource: where Pacemaker runs it. */
    public record Placement(String resource, String group, List<String> runningOn, List<String> portals) {
        public Placement {
            runningOn = List.copyOf(runningOn);
            portals = List.copyOf(portals);
        }
    }

    /** The cluster as crm_mon and the CIB show it, or why there is none. */
    public sealed interface ClusterView permits Unavailable, Available {
        boolean available();
    }

    public record Unavailable(boolean available, String reason) implements ClusterView {
        public Unavailable(String reason) {
            this(false, reason);
        }
    }

    /** @param dc null when the cluster has no DC */
    public record Available(boolean available, String dc, List<Node> nodes, List<Resource> targets,
                            List<String> problems) implements ClusterView {
        public Available(String dc, List<Node> nodes, List<Resource> targets, List<String> problems) {
            this(true, dc, List.copyOf(nodes), List.copyOf(targets), List.copyOf(problems));
        }
    }

    public record Node(String name, boolean online, boolean standby, boolean maintenance) {
    }

    public record Resource(String iqn, String resource, String group, String agent, List<String> runningOn,
                           List<String> portals) {
        public Resource {
            runningOn = List.copyOf(runningOn);
            portals = List.copyOf(portals);
        }
    }
}
