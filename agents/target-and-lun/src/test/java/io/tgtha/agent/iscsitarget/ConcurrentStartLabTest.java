// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.iscsitarget;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgtha.tgt.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Six targets without a tid started at the same moment, each in its own JVM as Pacemaker would run them
 * (the tid lock is an fcntl lock between processes): every start succeeds and the tids are distinct.
 */
class ConcurrentStartLabTest {
    static final int TARGETS = 6;
    static final int ROUNDS = 3;

    @TempDir
    Path runDir;

    @Test
    void sixTargetsStartedAtOnceWithoutTidGetDistinctTids() throws Exception {
        AgentLab.require();
        try (AgentLab lab = AgentLab.start("t")) {
            for (int round = 1; round <= ROUNDS; round++) {
                List<Process> procs = new ArrayList<>();
                List<Path> logs = new ArrayList<>();
                for (int i = 0; i < TARGETS; i++) {
                    Path log = Files.createTempFile(runDir, "agent-" + i + "-", ".log");
                    logs.add(log);
                    procs.add(agent(lab, i, "start", log));
                }
                for (int i = 0; i < TARGETS; i++) {
                    assertThat(procs.get(i).waitFor(60, TimeUnit.SECONDS)).isTrue();
                    assertThat(procs.get(i).exitValue()).as("round " + round + " target " + i + ": "
                            + Files.readString(logs.get(i))).isZero();
                }
                List<Target> live = lab.client().showTargets();
                Set<Integer> tids = new HashSet<>();
                for (Target t : live) {
                    tids.add(t.tid());
                }
                assertThat(live).hasSize(TARGETS);
                assertThat(tids).hasSize(TARGETS).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6);
                List<Process> stops = new ArrayList<>();
                for (int i = 0; i < TARGETS; i++) {
                    stops.add(agent(lab, i, "stop", logs.get(i)));
                }
                for (Process p : stops) {
                    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
                    assertThat(p.exitValue()).isZero();
                }
                assertThat(lab.client().showTargets()).isEmpty();
            }
        }
    }

    private Process agent(AgentLab lab, int i, String action, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                "-cp", FrozenClassPath.get(), TargetAgent.class.getName(), action);
        Map<String, String> env = pb.environment();
        env.put("OCF_ROOT", "/usr/lib/ocf");
        env.put("OCF_RESOURCE_INSTANCE", "p_conc_" + i);
        env.put("OCF_RESKEY_iqn", "iqn.2026-01.io.tgtha:lab.conc" + i);
        env.put("OCF_RESKEY_tgt_control_port", Integer.toString(lab.port()));
        env.put("OCF_RESKEY_CRM_meta_timeout", "30000");
        // the lock directory of this "node": shared by the six agents, apart from other tests on the machine
        env.put("TGTHA_RUN_DIR", runDir.toString());
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        return pb.start();
    }
}
