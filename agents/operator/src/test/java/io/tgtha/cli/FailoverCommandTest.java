// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** failover's decisions on captured crm_mon XML; the real move is in the test-cluster scenarios. */
@SuppressWarnings("unchecked")
class FailoverCommandTest {
    @TempDir
    Path dir;

    @Test
    void movesTheTargetsGroupWaitsUntilItRunsThereReportsAndClearsTheConstraint() {
        FakeCluster cluster = new FakeCluster(CrmMonXmlTest.HEALTHY);
        Run run = Run.tgtha(cluster, dir, "failover", "iqn.2026-01.io.tgtha.lab:t1", "--to", "cl-n2", "--json",
                "--poll", "10ms", "--lifetime", "5m");
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(cluster.crmResourceCalls()).containsExactly(
                List.of("crm_resource", "--move", "--resource", "g-t1", "--node", "cl-n2", "--lifetime", "PT300S"),
                List.of("crm_resource", "--clear", "--resource", "g-t1"));
        Map<String, Object> json = run.json();
        assertThat(json).containsEntry("result", "ok").containsEntry("to", "cl-n2");
        Map<String, Object> r = (Map<String, Object>) ((List<Object>) json.get("resources")).get(0);
        assertThat(r).containsEntry("resource", "g-t1").containsEntry("iqn", "iqn.2026-01.io.tgtha.lab:t1")
                .containsEntry("from", List.of("cl-n1")).containsEntry("result", "moved")
                .containsEntry("constraintCleared", true);
    }

    @Test
    void refusesAnUnhealthyClusterWithoutTouchingIt() {
        FakeCluster offline = new FakeCluster(CrmMonXmlTest.withNodeOffline());
        Run run = Run.tgtha(offline, dir, "failover", "--all", "--to", "cl-n1");
        assertThat(run.exitCode()).isEqualTo(ExitCode.CLUSTER_UNHEALTHY.code());
        assertThat(run.err()).contains("cluster not healthy, nothing moved: node cl-n2 is offline");
        assertThat(offline.crmResourceCalls()).isEmpty();

        FakeCluster failed = new FakeCluster(CrmMonXmlTest.withFailure());
        Run run2 = Run.tgtha(failed, dir, "failover", "g-t1", "--to", "cl-n2");
        assertThat(run2.exitCode()).isEqualTo(ExitCode.CLUSTER_UNHEALTHY.code());
        assertThat(run2.err()).contains("failed action t1-ip_monitor_10000 on cl-n1");
        assertThat(failed.crmResourceCalls()).isEmpty();
    }

    @Test
    void aTargetAlreadyOnTheNodeIsNotMoved() {
        FakeCluster cluster = new FakeCluster(CrmMonXmlTest.HEALTHY);
        Run run = Run.tgtha(cluster, dir, "failover", "--all", "--to", "cl-n1");
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.out()).contains("g-t1 (iqn.2026-01.io.tgtha.lab:t1): already on cl-n1");
        assertThat(cluster.crmResourceCalls()).isEmpty();
    }

    @Test
    void aMoveThatDoesNotHappenTimesOutAndStillClearsTheConstraint() {
        FakeCluster cluster = new FakeCluster(CrmMonXmlTest.HEALTHY);
        cluster.startsAfterPolls = Integer.MAX_VALUE;
        Run run = Run.tgtha(cluster, dir, "failover", "g-t1", "--to", "cl-n2", "--timeout", "200ms", "--poll", "20ms");
        assertThat(run.exitCode()).isEqualTo(ExitCode.TIMEOUT.code());
        assertThat(run.out()).contains("NOT on cl-n2");
        assertThat(cluster.crmResourceCalls()).last().isEqualTo(List.of("crm_resource", "--clear", "--resource", "g-t1"));
    }

    @Test
    void unknownNodeAndUnknownTargetAreNotFound() {
        Run node = Run.tgtha(new FakeCluster(CrmMonXmlTest.HEALTHY), dir, "failover", "g-t1", "--to", "cl-n9");
        assertThat(node.exitCode()).isEqualTo(ExitCode.NOT_FOUND.code());
        assertThat(node.err()).contains("no node 'cl-n9'").contains("cl-n1, cl-n2");
        Run target = Run.tgtha(new FakeCluster(CrmMonXmlTest.HEALTHY), dir, "failover", "iqn.nope", "--to", "cl-n2");
        assertThat(target.exitCode()).isEqualTo(ExitCode.NOT_FOUND.code());
    }

    @Test
    void pacemaker11WithoutOutputAsFallsBackToAsXml() {
        FakeCluster cluster = new FakeCluster(CrmMonXmlTest.HEALTHY) {
            @Override
            public io.tgtha.ocf.exec.CommandResult run(io.tgtha.ocf.exec.Command command)
                    throws io.tgtha.ocf.exec.CommandException {
                if (command.argv().contains("--output-as=xml")) {
                    calls.add(command.argv());
                    // crm_mon 1.1: "unrecognized option", CRM_EX_USAGE
                    throw new io.tgtha.ocf.exec.CommandFailedException(new io.tgtha.ocf.exec.CommandResult(command, 64,
                            "", "crm_mon: unrecognized option '--output-as=xml'", java.time.Duration.ZERO));
                }
                return super.run(command);
            }
        };
        Run run = Run.tgtha(cluster, dir, "failover", "g-t1", "--to", "cl-n1");
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(cluster.calls).contains(List.of("crm_mon", "--one-shot", "--as-xml"));
    }

    @Test
    void withoutAClusterFailoverSaysSo() {
        Run run = Run.tgtha(command -> {
            throw new io.tgtha.ocf.exec.CommandNotFoundException(command, new java.io.IOException("no such file"));
        }, dir, "failover", "x", "--to", "n");
        assertThat(run.exitCode()).isEqualTo(ExitCode.NO_CLUSTER.code());
        assertThat(run.err()).contains("Pacemaker is not installed").doesNotContain("Exception");
    }
}
