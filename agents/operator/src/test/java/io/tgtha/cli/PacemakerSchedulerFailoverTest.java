// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import io.tgtha.ocf.OcfEnvironment;
import io.tgtha.ocf.exec.Command;
import io.tgtha.ocf.exec.CommandException;
import io.tgtha.ocf.exec.CommandResult;
import io.tgtha.ocf.exec.CommandRunner;
import io.tgtha.ocf.exec.ProcessCommandRunner;
import io.tgtha.ocf.log.OcfLog;
import io.tgtha.testkit.Lab;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * failover with the real Pacemaker 2.1 tools (crm_mon, cibadmin, crm_resource) and the real scheduler, on a CIB
 * file captured from the lab cluster: {@code CIB_file} points every tool at the file, and {@code crm_simulate}
 * plays the cluster executing each transition. This checks the exact command lines and XML against Pacemaker
 * itself without moving resources in the shared test cluster (fixed namespace names: one cluster per machine,
 * used by the test-cluster module's own tests).
 */
@SuppressWarnings("unchecked")
class PacemakerSchedulerFailoverTest {
    static final String IQN = "iqn.2026-01.io.tgtha.lab:t1";

    @TempDir
    Path dir;
    Path cib;

    @BeforeAll
    static void tools() {
        Lab.requireRoot("crm_simulate", "crm_mon", "crm_resource", "cibadmin");
    }

    /** The captured CIB without its operation history: a cluster where nothing has run (or failed) yet. */
    static String freshCib() {
        String s = Captured.read("cib-tgtha-lab.xml");
        s = s.replaceAll("(?s)<lrm id=\"[^\"]*\">.*?</lrm>", "");
        return s.replaceAll("(?s)<transient_attributes.*?</transient_attributes>", "");
    }

    @BeforeEach
    void startEverything() throws Exception {
        cib = dir.resolve("cib.xml");
        Files.writeString(cib, freshCib());
        simulate();
    }

    /** The scheduler computes the transition and crm_simulate records it as executed. */
    void simulate() throws Exception {
        Path out = dir.resolve("cib.next.xml");
        Process p = new ProcessBuilder("crm_simulate", "--xml-file", cib.toString(), "--simulate",
                "--save-output", out.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("simulate.log").toFile()).start();
        assertThat(p.waitFor()).as(Files.readString(dir.resolve("simulate.log"))).isZero();
        Files.move(out, cib, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Real Pacemaker tools on the CIB file; before each crm_mon the "cluster" executes what is pending. */
    final class SimulatedCluster implements CommandRunner {
        final List<List<String>> calls = new ArrayList<>();
        final CommandRunner real = new ProcessCommandRunner(null,
                new OcfLog(new OcfEnvironment(Map.of()), "tgtha-test", System.err));

        @Override
        public CommandResult run(Command command) throws CommandException {
            calls.add(command.argv());
            if (command.program().equals("crm_mon")) {
                try {
                    simulate();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
            return real.run(command.withEnv(Map.of("CIB_file", cib.toString())));
        }
    }

    Run crmMon() {
        return Run.tgtha(new SimulatedCluster(), dir, "status", "--json", "--sample", "0", "-C", "4096");
    }

    @Test
    void movesTheTargetGroupWithThePacemakerToolsAndLeavesNoConstraint() throws Exception {
        SimulatedCluster cluster = new SimulatedCluster();
        Run run = Run.tgtha(cluster, dir, "failover", IQN, "--to", "cl-n2", "--json", "--poll", "50ms",
                "--timeout", "30s");
        assertThat(run.exitCode()).as(run.describe()).isZero();
        Map<String, Object> r = (Map<String, Object>) ((List<Object>) run.json().get("resources")).get(0);
        assertThat(r).containsEntry("resource", "g-t1").containsEntry("from", List.of("cl-n1"))
                .containsEntry("result", "moved").containsEntry("constraintCleared", true);
        String after = Files.readString(cib);
        assertThat(after).doesNotContain("cli-prefer-g-t1").doesNotContain("cli-ban");
        // the move went through crm_resource with a lifetime, then --clear
        assertThat(cluster.calls).contains(List.of("crm_resource", "--move", "--resource", "g-t1", "--node", "cl-n2",
                "--lifetime", "PT600S"), List.of("crm_resource", "--clear", "--resource", "g-t1"));
        // resource-stickiness (200) beats the location preference (100): it stays after the constraint is gone
        Run status = Run.tgtha(new SimulatedCluster(), dir, "failover", IQN, "--to", "cl-n2", "--json");
        assertThat(status.exitCode()).as(status.describe()).isZero();
        Map<String, Object> again = (Map<String, Object>) ((List<Object>) status.json().get("resources")).get(0);
        assertThat(again).containsEntry("result", "already-there");
    }

    @Test
    void statusShowsWhereTheTargetResourceRunsEvenWithoutTgtdHere() {
        Run run = crmMon();
        assertThat(run.exitCode()).as(run.describe()).isZero();
        Map<String, Object> cluster = (Map<String, Object>) run.json().get("cluster");
        assertThat(cluster).containsEntry("available", true);
        Map<String, Object> t = (Map<String, Object>) ((List<Object>) cluster.get("targets")).get(0);
        assertThat(t).containsEntry("iqn", IQN).containsEntry("group", "g-t1").containsEntry("runningOn", List.of("cl-n1"));
        assertThat((Map<String, Object>) run.json().get("tgtd")).containsEntry("running", false);
    }

    @Test
    void refusesTheCapturedUnhealthyClusterAndChangesNothing() throws Exception {
        // as captured: a portblock stop failed on both nodes (blocked, unmanaged)
        Files.writeString(cib, Captured.read("cib-tgtha-lab.xml"));
        String before = Files.readString(cib);
        CommandRunner noSimulation = command ->
                new SimulatedCluster().real.run(command.withEnv(Map.of("CIB_file", cib.toString())));
        Run run = Run.tgtha(noSimulation, dir, "failover", IQN, "--to", "cl-n2");
        assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCode.CLUSTER_UNHEALTHY.code());
        assertThat(run.err()).contains("failed action t1-block_stop_0 on cl-n1: not configured")
                .contains("nothing moved");
        assertThat(Files.readString(cib)).isEqualTo(before);
    }

    @Test
    void aNodeInStandbyIsRefusedAsDestination() throws Exception {
        // crm_attribute honours CIB_file too
        ProcessBuilder pb = new ProcessBuilder("crm_attribute", "--node", "cl-n2", "--name", "standby", "--update", "on");
        pb.environment().put("CIB_file", cib.toString());
        assertThat(pb.redirectErrorStream(true).start().waitFor()).isZero();
        Run run = Run.tgtha(new SimulatedCluster(), dir, "failover", IQN, "--to", "cl-n2", "--timeout", "5s");
        assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCode.CLUSTER_UNHEALTHY.code());
        assertThat(run.err()).contains("node cl-n2 is in standby");
    }
}
