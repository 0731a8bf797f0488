// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.metrics;

import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tgtha.cli.net.ConnectionHealth;
import io.tgtha.cli.net.TcpSocket;
import io.tgtha.cli.tgt.ConnectionInfo;
import io.tgtha.cli.tgt.SessionInfo;
import io.tgtha.cli.tgt.TargetInfo;

import java.util.List;
import java.util.Map;

/**
 * What {@code tgtha status} sees on one node, as Prometheus metrics: tgtd up, per target its sessions and
 * connections, per initiator connection the Send-Q of its TCP sockets, how long that has not drained and
 * whether that makes it stuck. Built with the Prometheus client library and rendered in its text format.
 *
 * <p>Label values are the IQN and initiator name as tgtd shows them; the library escapes them, so an
 * initiator's chosen name cannot forge samples.
 */
public final class NodeMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Gauge tgtdUp = Gauge.builder().name("tgtha_tgtd_up")
            .help("1 when tgtd answered on its management socket, 0 when it did not").register(registry);
    private final Gauge targetInfo = Gauge.builder().name("tgtha_target_info")
            .help("One per tgtd target, value 1; its tgtd state (ready, offline) as a label")
            .labelNames("iqn", "tid", "state").register(registry);
    private final Gauge sessions = Gauge.builder().name("tgtha_target_sessions")
            .help("iSCSI sessions (I_T nexuses) of the target").labelNames("iqn", "tid", "state").register(registry);
    private final Gauge connections = Gauge.builder().name("tgtha_target_connections")
            .help("iSCSI connections of all sessions of the target").labelNames("iqn", "tid", "state")
            .register(registry);
    private final Gauge sendQ = Gauge.builder().name("tgtha_connection_send_queue_bytes")
            .help("Send-Q of the TCP socket that carries an initiator's iSCSI connection (bytes not yet acknowledged)")
            .labelNames(CONNECTION_LABELS).register(registry);
    private final Gauge notDraining = Gauge.builder().name("tgtha_connection_not_draining_seconds")
            .help("How long the socket's non-empty Send-Q has not moved (0 while data is acknowledged)")
            .labelNames(CONNECTION_LABELS).register(registry);
    private final Gauge stuck = Gauge.builder().name("tgtha_connection_stuck")
            .help("1 when the Send-Q has not drained for at least the stuck threshold (as tgtha status flags STUCK)")
            .labelNames(CONNECTION_LABELS).register(registry);
    private final Gauge stuckTotal = Gauge.builder().name("tgtha_stuck_connections")
            .help("Sockets on the portal port flagged stuck, whichever target they belong to").register(registry);

    private static final String[] CONNECTION_LABELS = {"iqn", "tid", "sid", "initiator", "address", "socket"};

    /**
     * @param targets   tgtd's targets, empty when tgtd is down
     * @param sockets   the sampled sockets on the portal port
     * @param portals   each target's portal addresses where known (from the cluster configuration)
     * @param belongs   whether a socket carries a connection from an initiator address to one of the portals
     */
    public NodeMetrics(boolean tgtdRunning, List<TargetInfo> targets, List<ConnectionHealth> sockets,
                       Map<String, List<String>> portals, SocketMatch belongs) {
        tgtdUp.set(tgtdRunning ? 1 : 0);
        for (TargetInfo t : targets) {
            String tid = Integer.toString(t.tid());
            targetInfo.labelValues(t.iqn(), tid, t.state()).set(1);
            sessions.labelValues(t.iqn(), tid, t.state()).set(t.sessions().size());
            connections.labelValues(t.iqn(), tid, t.state())
                    .set(t.sessions().stream().mapToInt(s -> s.connections().size()).sum());
            List<String> myPortals = portals.getOrDefault(t.iqn(), List.of());
            for (SessionInfo s : t.sessions()) {
                for (ConnectionInfo c : s.connections()) {
                    for (ConnectionHealth h : sockets) {
                        if (belongs.test(h.socket(), c.address(), myPortals)) {
                            TcpSocket k = h.socket();
                            String[] labels = {t.iqn(), tid, Long.toString(s.sid()), s.initiator(), c.address(),
                                    k.local().render() + "<-" + k.peer().render()};
                            sendQ.labelValues(labels).set(k.sendQ());
                            notDraining.labelValues(labels).set(h.notDrainingFor().toMillis() / 1000.0);
                            stuck.labelValues(labels).set(h.stuck() ? 1 : 0);
                        }
                    }
                }
            }
        }
        stuckTotal.set(sockets.stream().filter(ConnectionHealth::stuck).count());
    }

    /** Whether a socket carries an iSCSI connection from {@code initiatorAddress} to one of {@code portals}. */
    @FunctionalInterface
    public interface SocketMatch {
        boolean test(TcpSocket socket, String initiatorAddress, List<String> portals);
    }

    /** The Prometheus text exposition format (version 0.0.4). */
    public String render() {
        return PrometheusText.of(registry);
    }
}
