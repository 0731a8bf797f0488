// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import io.tgtha.cli.out.Json;
import io.tgtha.cli.status.StatusReport;
import io.tgtha.cli.status.StatusReport.Available;
import io.tgtha.cli.status.StatusReport.Connection;
import io.tgtha.cli.status.StatusReport.Node;
import io.tgtha.cli.status.StatusReport.Placement;
import io.tgtha.cli.status.StatusReport.Resource;
import io.tgtha.cli.status.StatusReport.Session;
import io.tgtha.cli.status.StatusReport.Socket;
import io.tgtha.cli.status.StatusReport.TargetStatus;
import io.tgtha.cli.status.StatusReport.Unavailable;
import io.tgtha.cli.status.StatusWarning;
import io.tgtha.cli.tgt.AccountBinding;
import io.tgtha.cli.tgt.LunInfo;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The field names of {@code tgtha status --json} (and drain, ready, failover) are an interface scripts rely on: the typed records must
 * write exactly the names the Map-based report wrote before them, and the operator guide's example must
 * use only those names.
 */
class JsonFieldNamesTest {
    static final Set<String> FIELDS = Set.of(
            "host", "controlPort", "tgtd", "tgtd.running", "tgtd.error", "sampleMillis", "stuckAfterMillis",
            "targets", "targets[].tid", "targets[].iqn", "targets[].state", "targets[].portals", "targets[].luns",
            "targets[].luns[].lun", "targets[].luns[].type", "targets[].luns[].sizeMb", "targets[].luns[].online",
            "targets[].luns[].readonly", "targets[].luns[].backingStoreType", "targets[].luns[].backingStorePath",
            "targets[].accounts", "targets[].accounts[].user", "targets[].accounts[].outgoing", "targets[].acls",
            "targets[].sessions", "targets[].sessions[].sid", "targets[].sessions[].initiator",
            "targets[].sessions[].connections", "targets[].sessions[].connections[].cid",
            "targets[].sessions[].connections[].address", "targets[].sessions[].connections[].sockets",
            "targets[].sessions[].connections[].sockets[].local", "targets[].sessions[].connections[].sockets[].peer",
            "targets[].sessions[].connections[].sockets[].state", "targets[].sessions[].connections[].sockets[].sendQ",
            "targets[].sessions[].connections[].sockets[].recvQ",
            "targets[].sessions[].connections[].sockets[].notDrainingMillis",
            "targets[].sessions[].connections[].sockets[].stuck",
            "targets[].sessions[].connections[].sockets[].retransmitBackoff",
            "targets[].sessions[].connections[].socketsShared", "targets[].cluster", "targets[].cluster.resource",
            "targets[].cluster.group", "targets[].cluster.runningOn", "targets[].cluster.portals",
            "connections", "connections[].local", "connections[].peer", "connections[].state", "connections[].sendQ",
            "connections[].recvQ", "connections[].notDrainingMillis", "connections[].stuck",
            "connections[].retransmitBackoff", "connections[].targets", "stuckConnections",
            "cluster", "cluster.available", "cluster.reason", "cluster.dc", "cluster.nodes", "cluster.nodes[].name",
            "cluster.nodes[].online", "cluster.nodes[].standby", "cluster.nodes[].maintenance", "cluster.targets",
            "cluster.targets[].iqn", "cluster.targets[].resource", "cluster.targets[].group", "cluster.targets[].agent",
            "cluster.targets[].runningOn", "cluster.targets[].portals", "cluster.problems",
            "warnings", "warnings[].code", "warnings[].message");

    static StatusReport full(boolean clusterAvailable, boolean tgtdRunning) {
        Socket socket = new Socket("10.0.0.1:3260", "10.0.0.2:5000", "ESTAB", 1, 2, 3, true, 4, null);
        TargetStatus target = new TargetStatus(1, "iqn.x:a", "ready", List.of("10.0.0.1"),
                List.of(new LunInfo(1, "disk", 10, true, false, "rdwr", "/d")), List.of(new AccountBinding("u", false)),
                List.of("ALL"), List.of(new Session(1, "iqn.i:x", List.of(new Connection(0, "10.0.0.2", List.of(socket), false)))),
                clusterAvailable ? new Placement("t-a", "g-a", List.of("n1"), List.of("10.0.0.1")) : null);
        StatusReport.ClusterView cluster = clusterAvailable
                ? new Available("n1", List.of(new Node("n1", true, false, false)),
                List.of(new Resource("iqn.x:a", "t-a", "g-a", "ocf:tgtha:target", List.of("n1"), List.of("10.0.0.1"))),
                List.of("p"))
                : new Unavailable("not asked");
        return new StatusReport("h", 4000, new StatusReport.Tgtd(tgtdRunning, tgtdRunning ? null : "down"), 1000, 1000,
                List.of(target), List.of(socket.withTargets(List.of("iqn.x:a"))), 1, cluster,
                List.of(new StatusWarning(StatusWarning.STOCK_PORTBLOCK_RULES, "m")));
    }

    @Test
    void everyFieldKeepsItsNameAndNoOtherAppears() {
        Set<String> seen = new TreeSet<>();
        for (boolean cluster : List.of(true, false)) {
            for (boolean running : List.of(true, false)) {
                seen.addAll(paths("", MiniJson.parse(Json.render(full(cluster, running)))));
            }
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(FIELDS);
    }

    @Test
    void optionalFieldsAreLeftOutOnlyWhereTheyAlwaysWere() {
        Map<String, Object> up = MiniJson.object(Json.render(full(false, true)));
        assertThat((Map<String, Object>) up.get("tgtd")).containsOnlyKeys("running");
        assertThat((Map<String, Object>) up.get("cluster")).containsOnlyKeys("available", "reason");
        Map<String, Object> t = (Map<String, Object>) ((List<Object>) up.get("targets")).get(0);
        assertThat(t).containsEntry("cluster", null); // null, not left out: "no resource" is an answer
        Map<String, Object> sessionSocket = (Map<String, Object>) ((List<Object>) ((Map<String, Object>) ((List<Object>)
                ((Map<String, Object>) ((List<Object>) t.get("sessions")).get(0)).get("connections")).get(0)).get("sockets")).get(0);
        assertThat(sessionSocket).doesNotContainKey("targets");
        Map<String, Object> inCluster = MiniJson.object(Json.render(full(true, false)));
        assertThat((Map<String, Object>) inCluster.get("cluster")).doesNotContainKey("reason").containsEntry("available", true);
        assertThat((Map<String, Object>) inCluster.get("tgtd")).containsEntry("error", "down");
    }

    @Test
    void theOperatorGuidesExampleUsesOnlyTheseNames() throws Exception {
        String guide = Files.readString(Path.of("../../docs/operator-guide.md"));
        Matcher m = Pattern.compile("```json\n(\\{\n  \"host\".*?\n\\})\n```", Pattern.DOTALL).matcher(guide);
        assertThat(m.find()).as("the status --json example in docs/operator-guide.md").isTrue();
        assertThat(FIELDS).containsAll(paths("", MiniJson.parse(m.group(1))));
    }

    /** drain, ready and failover reports: the names the operator guide's examples show. */
    @Test
    void drainReadyAndFailoverReportsKeepTheirNames() {
        var drain = new DrainCommand.DrainReport("drained", 245, List.of(new DrainCommand.DrainedTarget(1, "iqn.x:a", "offline",
                List.of(new DrainCommand.ClosedSession(2, "iqn.i:x", List.of("10.0.0.2"))), List.of(3L))),
                new DrainCommand.ResetScopeView(List.of("10.0.0.2"), List.of(), "tgtha-drain"),
                List.of(new DrainCommand.ResetSocket("10.0.0.1:3260", "10.0.0.2:5000", "ESTAB", 0)), List.of("10.0.0.2:5001"));
        assertThat(paths("", MiniJson.parse(Json.render(drain)))).containsExactlyInAnyOrder("result", "elapsedMillis",
                "targets", "targets[].tid", "targets[].iqn", "targets[].state", "targets[].sessionsClosed",
                "targets[].sessionsClosed[].sid", "targets[].sessionsClosed[].initiator",
                "targets[].sessionsClosed[].addresses", "targets[].sessionsLeft", "resetScope", "resetScope.initiators",
                "resetScope.portals", "resetScope.mechanism", "connectionsReset", "connectionsReset[].local",
                "connectionsReset[].peer", "connectionsReset[].state", "connectionsReset[].sendQ", "connectionsLeft");
        var ready = new ReadyCommand.ReadyReport(List.of(new ReadyCommand.Readied(1, "iqn.x:a", "offline", "ready")));
        assertThat(paths("", MiniJson.parse(Json.render(ready)))).containsExactlyInAnyOrder("targets", "targets[].tid",
                "targets[].iqn", "targets[].previousState", "targets[].state");
        var failover = new FailoverCommand.FailoverReport("n2", "ok", 529, List.of(new FailoverCommand.Moved("g-t1",
                "iqn.x:a", List.of("n1"), "moved", 304, true)), List.of());
        assertThat(paths("", MiniJson.parse(Json.render(failover)))).containsExactlyInAnyOrder("to", "result",
                "elapsedMillis", "resources", "resources[].resource", "resources[].iqn", "resources[].from",
                "resources[].result", "resources[].millis", "resources[].constraintCleared", "clearFailures");
    }

    @SuppressWarnings("unchecked")
    static Set<String> paths(String prefix, Object v) {
        Set<String> out = new TreeSet<>();
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
                String p = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
                out.add(p);
                out.addAll(paths(p, e.getValue()));
            }
        } else if (v instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?>) {
                    out.addAll(paths(prefix + "[]", o));
                }
            }
        }
        return out;
    }
}
