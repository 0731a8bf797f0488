// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import io.tgtha.cli.cluster.ClusterStatus;
import io.tgtha.cli.cluster.CrmMonXml;
import io.tgtha.testkit.Exec;
import io.tgtha.testkit.ExecResult;
import io.tgtha.testkit.Lab;
import io.tgtha.testkit.Netns;
import io.tgtha.testkit.TgtadmTargets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tgtha failover} in the real two-node Pacemaker cluster of test-cluster/ (namespaces, corosync,
 * pacemakerd): the command runs inside node cl-n1, moves target t1 to cl-n2 and back with --all, and the
 * cluster must report the group there each time with no move constraint left.
 *
 * <p>The test cluster has fixed names (one per machine) and {@code cluster up} tears down a running one, so
 * this test never touches a cluster it did not start: when one is already up, it is skipped with that reason.
 * Because the cluster is a machine-wide singleton that the test-cluster module's own tests also bring up and
 * down, this test runs only with {@code -Dtgtha.clusterLab=true} (a reactor build running modules in
 * parallel, or two people on one machine, would otherwise tear each other's cluster down). Stock agents
 * (Debian's resource-agents) keep it independent of the tgt-ha agents' installation; no load runs: the
 * subject is the operator command, not the agents.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@SuppressWarnings("unchecked")
class FailoverInTestClusterLabTest {
    static final String IQN = "iqn.2026-01.io.tgtha.lab:t1";
    static final Duration LIMIT = Duration.ofMinutes(3);

    static Path bin() {
        Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        for (Path p = base; p != null; p = p.getParent()) {
            if (Files.isExecutable(p.resolve("test-cluster/bin/cluster"))) {
                return p.resolve("test-cluster/bin");
            }
        }
        throw new IllegalStateException("test-cluster/bin/cluster not found above " + base);
    }

    static ExecResult cluster(String... args) {
        List<String> cmd = new ArrayList<>(List.of(bin().resolve("cluster").toString()));
        cmd.addAll(List.of(args));
        return Exec.run(LIMIT, cmd);
    }

    /** tgtha, this build, run inside a node of the cluster (the node sees the host's files). */
    static Run tgthaOn(String node, String... args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of("exec", node, java, "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), TgtHa.class.getName()));
        cmd.addAll(List.of(args));
        ExecResult r = cluster(cmd.toArray(String[]::new));
        return new Run(r.exitCode(), r.stdout(), r.stderr());
    }

    static ClusterStatus crmMon() {
        return CrmMonXml.parse(cluster("exec", "n1", "crm_mon", "--one-shot", "--output-as=xml").orThrow().stdout());
    }

    @Test
    void failoverMovesTheTargetGroupInTheRealClusterAndBack() throws Exception {
        if (!Boolean.getBoolean("tgtha.clusterLab")) {
            Lab.abortTest("the shared test cluster is only used with -Dtgtha.clusterLab=true");
        }
        Lab.requireRoot("corosync", "pacemakerd", "crm_mon", "crm_resource", "crm", "tgtd", "nsenter", "unshare");
        if (Netns.list().contains("cl-n1") || Netns.list().contains("cl-sw")) {
            Lab.abortTest("the shared test cluster is already running (someone else's run): not ours to tear down");
        }
        try {
            cluster("up").orThrow();
            Path state = Path.of(System.getenv().getOrDefault("TGTHA_CL_STATE", "/var/tmp/tgtha-cl"), "shared");
            Files.createDirectories(state.resolve("tickle"));
            TgtadmTargets.sparseFile(state.resolve("t1.img"), 64L << 20);
            String config = Exec.run(LIMIT, bin().resolve("cluster-config").toString(), "--agents", "stock",
                    "--targets", "1").orThrow().stdout();
            Path file = state.resolve("op-config.crm");
            Files.writeString(file, config);
            cluster("exec", "n1", "crm", "configure", "load", "update", file.toString()).orThrow();
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (crmMon().runningOn("g-t1").isEmpty()) {
                assertThat(System.nanoTime()).as("g-t1 did not start").isLessThan(deadline);
                Thread.sleep(500);
            }
            String from = crmMon().runningOn("g-t1").get(0);
            String to = from.equals("cl-n1") ? "cl-n2" : "cl-n1";

            Run there = tgthaOn("n1", "failover", IQN, "--to", to, "--json", "--timeout", "90s");
            assertThat(there.exitCode()).as(there.describe()).isZero();
            Map<String, Object> r = (Map<String, Object>) ((List<Object>) there.json().get("resources")).get(0);
            assertThat(r).containsEntry("resource", "g-t1").containsEntry("from", List.of(from))
                    .containsEntry("result", "moved").containsEntry("constraintCleared", true);
            assertThat(crmMon().runningOn("g-t1")).containsExactly(to);
            String constraints = cluster("exec", "n1", "cibadmin", "--query", "--scope", "constraints").orThrow().stdout();
            assertThat(constraints).doesNotContain("cli-prefer").doesNotContain("cli-ban");

            // and back, from the other node, for every target
            Run back = tgthaOn(to.equals("cl-n1") ? "n1" : "n2", "failover", "--all", "--to", from, "--timeout", "90s");
            assertThat(back.exitCode()).as(back.describe()).isZero();
            assertThat(back.out()).contains("g-t1 (" + IQN + "): " + to + " -> " + from + " in ").contains("ok");
            assertThat(crmMon().runningOn("g-t1")).containsExactly(from);

            // status in the node names where the target runs
            Run status = tgthaOn("n2", "status", "--json", "--sample", "0");
            Map<String, Object> cl = (Map<String, Object>) status.json().get("cluster");
            Map<String, Object> t = (Map<String, Object>) ((List<Object>) cl.get("targets")).get(0);
            assertThat(t).containsEntry("iqn", IQN).containsEntry("runningOn", List.of(from));
        } finally {
            cluster("down");
        }
    }
}
