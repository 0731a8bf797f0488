package io.tgtha.agent.portblock;

import io.tgtha.testkit.Lab;
import io.tgtha.testkit.Netns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Many agent processes at once, and a mutex holder killed with SIGKILL, against the real iptables. */
class ConcurrencyLabTest {
    @TempDir
    Path runDir;
    @TempDir
    Path logs;
    Netns ns;

    @BeforeEach
    void setUp() {
        Lab.requireRoot("iptables", "ss");
        Lab.cleanupLeftovers("pb");
        ns = Netns.create("pb", "cc");
    }

    @AfterEach
    void tearDown() {
        if (ns != null) {
            ns.close();
        }
    }

    private static Map<String, String> instanceParams(int i) {
        Map<String, String> p = new HashMap<>();
        p.put("protocol", "tcp");
        p.put("portno", Integer.toString(3300 + i));
        p.put("action", i % 4 < 2 ? "block" : "unblock");
        p.put("direction", i % 3 == 0 ? "in" : "out");
        p.put("ip", "10.231.2." + (10 + i));
        return p;
    }

    private static String expectedRule(int i) {
        Map<String, String> p = instanceParams(i);
        boolean in = p.get("direction").equals("in");
        return "-A " + (in ? "INPUT -d " : "OUTPUT -s ") + p.get("ip") + "/32 -p tcp -m multiport --"
                + (in ? "d" : "s") + "ports " + p.get("portno") + " -m comment --comment tgtha-portblock -j "
                + (in ? "DROP" : "REJECT --reject-with tcp-reset");
    }

    @Test
    void thirtyTwoConcurrentInvocationsOverEightInstances() throws Exception {
        // instances with an odd number were started before and are now being stopped; even ones started
        for (int i = 1; i < 8; i += 2) {
            assertThat(new AgentProcess(ns, runDir, "pb-cc-" + i, instanceParams(i)).run("start").rc()).isZero();
        }
        // the unblock instances about to start find their port blocked, as after an earlier unblock stop on
        // this node: their start then lifts a rule while their monitors run (the window where the state file
        // is written and the rule still there must not be visible to a monitor)
        for (int i = 2; i < 8; i += 4) {
            assertThat(new AgentProcess(ns, runDir, "pb-cc-" + i, instanceParams(i)).run("stop").rc()).isZero();
            assertThat(LabShell.ownRules(ns, "iptables")).contains(expectedRule(i));
        }
        List<Process> processes = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<File> errs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String main = i % 2 == 0 ? "start" : "stop";
            for (String action : List.of(main, "monitor", main, "monitor")) {
                // Pacemaker's default 20 s: 32 JVMs on two shared cores must still make it
                AgentProcess a = new AgentProcess(ns, runDir, "pb-cc-" + i, instanceParams(i))
                        .env("OCF_RESKEY_CRM_meta_timeout", "20000");
                if (action.equals("monitor")) {
                    a.env("OCF_RESKEY_CRM_meta_interval", "10000");
                }
                File out = logs.resolve("agent-" + processes.size() + ".out").toFile();
                File err = logs.resolve("agent-" + processes.size() + ".err").toFile();
                processes.add(a.start(action, out, err));
                labels.add("pb-cc-" + i + " " + action);
                errs.add(err);
            }
        }
        assertThat(processes).hasSize(32);
        List<String> failures = new ArrayList<>();
        for (int k = 0; k < processes.size(); k++) {
            Process p = processes.get(k);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                failures.add(labels.get(k) + ": hung");
                continue;
            }
            int rc = p.exitValue();
            boolean monitor = labels.get(k).endsWith("monitor");
            // a monitor racing its own start or stop may see either state; anything else is a failure
            boolean ok = monitor ? rc == 0 || rc == 7 : rc == 0;
            if (!ok) {
                failures.add(labels.get(k) + ": rc " + rc + " " + Files.readString(errs.get(k).toPath()).strip());
            }
        }
        assertThat(failures).isEmpty();

        // block instances hold their rule while started; unblock instances while stopped
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            boolean started = i % 2 == 0;
            boolean block = instanceParams(i).get("action").equals("block");
            if (started == block) {
                expected.add(expectedRule(i));
            }
        }
        assertThat(LabShell.ownRules(ns, "iptables")).containsExactlyInAnyOrderElementsOf(expected);
        for (int i = 0; i < 8; i++) {
            int rc = new AgentProcess(ns, runDir, "pb-cc-" + i, instanceParams(i)).run("monitor").rc();
            assertThat(rc).as("final state of pb-cc-" + i).isEqualTo(i % 2 == 0 ? 0 : 7);
        }
    }

    private Process holdMutex() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", AgentProcess.classpath() + File.pathSeparator + System.getProperty("java.class.path"),
                HoldMutexMain.class.getName(), runDir.toString()).redirectErrorStream(true);
        Process holder = pb.start();
        BufferedReader r = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        assertThat(r.readLine()).isEqualTo("held");
        return holder;
    }

    @Test
    void killedMutexHolderDoesNotBlockTheNextInvocation() throws Exception {
        Process holder = holdMutex();
        try {
            AgentProcess block = new AgentProcess(ns, runDir, "pb-kill", instanceParams(0))
                    .env("OCF_RESKEY_CRM_meta_timeout", "20000");
            File out = logs.resolve("kill.out").toFile();
            File err = logs.resolve("kill.err").toFile();
            Process agent = block.start("start", out, err);
            // the agent waits for the holder...
            assertThat(agent.waitFor(1500, TimeUnit.MILLISECONDS)).as("agent must wait while the lock is held").isFalse();
            assertThat(LabShell.ownRules(ns, "iptables")).isEmpty();
            // ...which dies with SIGKILL mid-"operation": the kernel drops its fcntl lock
            long killedAt = System.nanoTime();
            new ProcessBuilder("kill", "-9", Long.toString(holder.pid())).start().waitFor();
            assertThat(agent.waitFor(10, TimeUnit.SECONDS)).isTrue();
            long afterKillMs = (System.nanoTime() - killedAt) / 1_000_000;
            assertThat(agent.exitValue()).as(Files.readString(err.toPath())).isZero();
            assertThat(afterKillMs).as("finished soon after the holder died").isLessThan(5000);
            assertThat(LabShell.ownRules(ns, "iptables")).containsExactly(expectedRule(0));
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void aLiveHolderMakesTheAgentGiveUpWithinItsBudgetWithRc1() throws Exception {
        Process holder = holdMutex();
        try {
            AgentProcess.Result r = new AgentProcess(ns, runDir, "pb-busy", instanceParams(0))
                    .env("OCF_RESKEY_CRM_meta_timeout", "4000").run("start", Duration.ofSeconds(30));
            assertThat(r.rc()).isEqualTo(1);
            assertThat(r.reason()).contains("packet-filter lock busy").contains("test holder");
            // budget 3.5 s (runtime margin 500 ms); JVM start-up on a loaded shared machine comes on top
            assertThat(r.elapsed()).as("answers about when Pacemaker's 4 s timeout hits, not later")
                    .isLessThan(Duration.ofMillis(4000 + 1000));
        } finally {
            holder.destroyForcibly();
        }
    }
}
