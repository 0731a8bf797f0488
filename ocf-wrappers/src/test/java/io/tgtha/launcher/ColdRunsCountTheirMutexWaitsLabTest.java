// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgtha.cli.CliContext;
import io.tgtha.cli.TgtHa;
import io.tgtha.ocf.OcfEnvironment;
import io.tgtha.ocf.exec.ProcessCommandRunner;
import io.tgtha.ocf.lock.FileMutex;
import io.tgtha.ocf.log.OcfLog;
import io.tgtha.testkit.Lab;
import io.tgtha.testkit.LabConfig;
import io.tgtha.testkit.TgtLab;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutex waits were counted only in the agent host, so the operations that ran in a cold JVM (no host, a refused or
 * broken hand-over) left no trace of their waits in {@code tgtha metrics}. Real cold JVMs (AgentLauncher's main, as
 * the wrapper execs it) start a target of a real tgtd under the tgt-config mutex; each wait must reach
 * {@code tgtha_cold_mutex_wait_seconds}, and a wait that ends at the deadline {@code tgtha_cold_mutex_timeouts_total}.
 */
class ColdRunsCountTheirMutexWaitsLabTest {
    static final String IQN = "iqn.2026-01.io.tgtha:wr.cold";

    @TempDir
    Path dir;
    TgtLab lab;
    Path run;

    @BeforeAll
    static void needsLab() {
        Lab.requireRoot("tgtd", "tgtadm");
    }

    @BeforeEach
    void startLab() {
        lab = TgtLab.start(LabConfig.of("wr", "10.231.5", 5010, 5089));
        run = dir.resolve("run");
    }

    @AfterEach
    void stopLab() {
        lab.close();
    }

    record Cold(int rc, String output) {
    }

    /** {@code tgtha-agent target ACTION} as the wrapper execs it, in a JVM of its own. */
    Cold cold(String action, long timeoutMs) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                AgentLauncher.class.getName(), "target", action).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("TGTHA_") || k.startsWith("OCF_") || k.startsWith("HA_"));
        pb.environment().putAll(Map.of("TGTHA_RUN_DIR", run.toString(), "OCF_ROOT", "/usr/lib/ocf",
                "OCF_RESOURCE_INSTANCE", "p_cold", "OCF_RESKEY_iqn", IQN,
                "OCF_RESKEY_tgt_control_port", Integer.toString(lab.tgtd().controlPort()),
                "OCF_RESKEY_CRM_meta_timeout", Long.toString(timeoutMs)));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(out).isTrue();
        return new Cold(p.exitValue(), out);
    }

    String tgthaMetrics() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ProcessCommandRunner runner = new ProcessCommandRunner(null, new OcfLog(new OcfEnvironment(Map.of()), "test", System.err));
        int rc = TgtHa.execute(new String[]{"metrics", "--no-cluster", "--sample", "0", "-C",
                Integer.toString(lab.tgtd().controlPort())},
                new CliContext(new PrintWriter(out, true), new PrintWriter(err, true), false, Map.of(), runner,
                        run.resolve("locks")));
        assertThat(rc).as(err.toString()).isZero();
        return out.toString();
    }

    @Test
    void aColdStartCountsItsWaitAndAWaitThatEndsAtTheDeadlineCountsAsATimeout() throws Exception {
        Files.createDirectories(run);
        Files.createDirectory(run.resolve("host"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Cold start = cold("start", 20_000);
        assertThat(start.rc()).as(start.output()).isZero();
        assertThat(lab.tgtd().tgtadm("--op", "show", "--mode", "target").stdout()).contains(IQN);
        assertThat(Files.readAllLines(run.resolve("host/cold-mutex-waits")))
                .singleElement().asString().matches("acquired tgt-config \\d+\\.\\d{6}");
        // a stop without CHAP accounts to clean up takes no mutex, so it leaves no line
        Cold stop = cold("stop", 20_000);
        assertThat(stop.rc()).as(stop.output()).isZero();
        assertThat(Files.readAllLines(run.resolve("host/cold-mutex-waits"))).hasSize(1);

        // the mutex held here (another process, as far as the cold JVM is concerned) until its deadline
        try (FileMutex.Held held = new FileMutex(run.resolve("locks"), FileMutex.TGT_CONFIG)
                .acquire(Duration.ofSeconds(5), "held by the test")) {
            Cold busy = cold("start", 3_000);
            assertThat(busy.rc()).as(busy.output()).isNotZero();
        }
        String metrics = tgthaMetrics();
        assertThat(metrics.lines()).as(metrics).contains(
                "tgtha_cold_mutex_wait_seconds_count{mutex=\"tgt-config\"} 1",
                "tgtha_cold_mutex_timeouts_total{mutex=\"tgt-config\"} 1.0");
    }

    @Test
    void withoutTheHostsDirectoryAColdRunLeavesNothingThere() throws Exception {
        Cold start = cold("start", 20_000);
        assertThat(start.rc()).as(start.output()).isZero();
        assertThat(run.resolve("host")).doesNotExist();
        assertThat(tgthaMetrics().lines()).noneMatch(l -> l.startsWith("tgtha_cold_mutex_wait_seconds_count"));
        assertThat(cold("stop", 20_000).rc()).isZero();
    }
}
