// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import io.tgtha.cli.metrics.NodeMetrics;
import io.tgtha.cli.net.ConnectionHealth;
import io.tgtha.cli.net.Endpoint;
import io.tgtha.cli.net.TcpSocket;
import io.tgtha.cli.tgt.ConnectionInfo;
import io.tgtha.cli.tgt.SessionInfo;
import io.tgtha.cli.tgt.TargetInfo;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class NodeMetricsTest {
    static final String IQN1 = "iqn.2026-01.io.tgtha:t1";
    static final String IQN2 = "iqn.2026-01.io.tgtha:t2";

    static TcpSocket socket(String local, String peer, long sendQ) {
        return new TcpSocket("ESTAB", 0, sendQ, Endpoint.parse(local), Endpoint.parse(peer), null, Map.of());
    }

    static TargetInfo target(int tid, String iqn, String state, SessionInfo... sessions) {
        return new TargetInfo(tid, iqn, state, List.of(), List.of(), List.of(), List.of(sessions), null);
    }

    Exposition render(boolean up, List<TargetInfo> targets, List<ConnectionHealth> sockets,
                      Map<String, List<String>> portals) {
        return Exposition.parse(new NodeMetrics(up, targets, sockets, portals, StatusCommand::belongs).render());
    }

    @Test
    void sessionsConnectionsAndSendQPerTargetAndInitiatorConnection() {
        TargetInfo t1 = target(1, IQN1, "ready",
                new SessionInfo(5, "iqn.a", List.of(new ConnectionInfo(0, "10.0.0.9"))),
                new SessionInfo(6, "iqn.b", List.of(new ConnectionInfo(0, "10.0.0.8"), new ConnectionInfo(1, "10.0.0.8"))));
        TargetInfo t2 = target(2, IQN2, "offline");
        ConnectionHealth flowing = new ConnectionHealth(socket("10.0.0.1:3260", "10.0.0.9:40000", 65536), Duration.ZERO, false);
        ConnectionHealth stuck = new ConnectionHealth(socket("10.0.0.1:3260", "10.0.0.8:40001", 2_800_000),
                Duration.ofMillis(4200), true);
        ConnectionHealth otherPortal = new ConnectionHealth(socket("10.0.0.2:3260", "10.0.0.9:40002", 7), Duration.ZERO, false);

        Exposition e = render(true, List.of(t1, t2), List.of(flowing, stuck, otherPortal), Map.of(IQN1, List.of("10.0.0.1")));

        assertThat(e.types()).containsEntry("tgtha_tgtd_up", "gauge").containsEntry("tgtha_target_sessions", "gauge")
                .containsEntry("tgtha_connection_send_queue_bytes", "gauge");
        assertThat(e.value("tgtha_tgtd_up", Map.of())).isEqualTo(1);
        assertThat(e.value("tgtha_target_sessions", Map.of("iqn", IQN1, "tid", "1", "state", "ready"))).isEqualTo(2);
        assertThat(e.value("tgtha_target_connections", Map.of("iqn", IQN1))).isEqualTo(3);
        assertThat(e.value("tgtha_target_sessions", Map.of("iqn", IQN2, "state", "offline"))).isZero();
        assertThat(e.value("tgtha_target_info", Map.of("iqn", IQN2, "tid", "2", "state", "offline"))).isEqualTo(1);
        Map<String, String> a = Map.of("iqn", IQN1, "sid", "5", "initiator", "iqn.a", "socket", "10.0.0.1:3260<-10.0.0.9:40000");
        assertThat(e.value("tgtha_connection_send_queue_bytes", a)).isEqualTo(65536);
        assertThat(e.value("tgtha_connection_stuck", a)).isZero();
        Map<String, String> b = Map.of("iqn", IQN1, "sid", "6", "address", "10.0.0.8");
        assertThat(e.value("tgtha_connection_send_queue_bytes", b)).isEqualTo(2_800_000);
        assertThat(e.value("tgtha_connection_not_draining_seconds", b)).isEqualTo(4.2);
        assertThat(e.value("tgtha_connection_stuck", b)).isEqualTo(1);
        // the socket to another portal is not this target's
        assertThat(e.named("tgtha_connection_send_queue_bytes")).hasSize(2);
        assertThat(e.value("tgtha_stuck_connections", Map.of())).isEqualTo(1);
    }

    @Test
    void tgtdDownIsAnAnswerWithNoTargets() {
        Exposition e = render(false, List.of(), List.of(), Map.of());
        assertThat(e.value("tgtha_tgtd_up", Map.of())).isZero();
        assertThat(e.named("tgtha_target_sessions")).isEmpty();
    }

    /** An initiator chooses its name: quotes, backslashes and a newline in it must not forge samples. */
    @Test
    void anInitiatorNameWithQuotesAndANewlineStaysOneLabelValue() {
        String forged = "iqn.x\"} 1\ntgtha_tgtd_up 0\n\\";
        TargetInfo t = target(1, IQN1, "ready", new SessionInfo(1, forged, List.of(new ConnectionInfo(0, "10.0.0.9"))));
        ConnectionHealth h = new ConnectionHealth(socket("10.0.0.1:3260", "10.0.0.9:1", 1), Duration.ZERO, false);
        Exposition e = render(true, List.of(t), List.of(h), Map.of());
        assertThat(e.named("tgtha_tgtd_up")).hasSize(1);
        assertThat(e.value("tgtha_tgtd_up", Map.of())).isEqualTo(1);
        assertThat(e.value("tgtha_connection_send_queue_bytes", Map.of("initiator", forged))).isEqualTo(1);
    }
}
