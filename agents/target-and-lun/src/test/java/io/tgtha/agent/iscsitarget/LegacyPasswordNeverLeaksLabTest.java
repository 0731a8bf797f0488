// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.iscsitarget;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgtha.testkit.SyslogStandIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Legacy incoming_password: the agent creates the account, in its own JVM as Pacemaker runs it, while
 * every process's command line is sampled; with debug logging on, neither a command line nor the log
 * file nor stderr ever holds the password (the stock agent passes it to tgtadm's argv).
 */
class LegacyPasswordNeverLeaksLabTest {
    static final String PASSWORD = "Leak-Canary-7f3e9a";

    @TempDir
    Path dir;

    @Test
    void passwordNeverOnACommandLineNorInTheLogs() throws Exception {
        AgentLab.require();
        try (AgentLab lab = AgentLab.start("t")) {
            AtomicBoolean sampling = new AtomicBoolean(true);
            AtomicInteger samples = new AtomicInteger();
            StringBuilder leaks = new StringBuilder();
            Thread sampler = new Thread(() -> {
                while (sampling.get()) {
                    scanCmdlines(leaks);
                    samples.incrementAndGet();
                }
            });
            sampler.start();
            Path log = dir.resolve("ha.log");
            Path out = dir.resolve("agent.out");
            int startRc;
            int stopRc;
            try {
                startRc = run(lab, "start", log, out);
                stopRc = run(lab, "stop", log, out);
            } finally {
                sampling.set(false);
                sampler.join();
            }
            assertThat(startRc).as(Files.readString(out)).isZero();
            assertThat(stopRc).as(Files.readString(out)).isZero();
            assertThat(samples.get()).isGreaterThan(10);
            assertThat(leaks.toString()).as("command lines holding the password").isEmpty();
            assertThat(Files.readString(log)).contains("created account leakuser").doesNotContain(PASSWORD);
            assertThat(Files.readString(out)).doesNotContain(PASSWORD);
        }
    }

    /**
     * The same through the syslog path Pacemaker normally uses (HA_LOGFACILITY: ocf_log runs the real logger), with
     * debug on: the messages arrive, tagged as the target agent's, and neither they nor logger's command lines hold
     * the password.
     */
    @Test
    void passwordNeverInSyslogNorOnLoggersCommandLine() throws Exception {
        AgentLab.require();
        try (AgentLab lab = AgentLab.start("t"); SyslogStandIn syslog = SyslogStandIn.start(dir)) {
            Path out = dir.resolve("agent.out");
            Map<String, String> env = Map.of("HA_LOGFACILITY", "daemon", "HA_debug", "1", "PATH", syslog.path());
            assertThat(run(lab, "start", env, out)).as(Files.readString(out)).isZero();
            assertThat(run(lab, "stop", env, out)).as(Files.readString(out)).isZero();
            assertThat(syslog.await("created account leakuser", Duration.ofSeconds(10))).as(syslog.messages().toString())
                    .isTrue();
            assertThat(syslog.messages()).anySatisfy(m -> assertThat(m).startsWith("<30>").contains("target(p_leak)[")
                    .contains("created account leakuser"));
            assertThat(String.join("\n", syslog.messages())).doesNotContain(PASSWORD);
            assertThat(syslog.argv()).as("logger's command lines").isNotEmpty()
                    .allMatch(l -> l.matches("-t target\\(p_leak\\)\\[\\d+] -p daemon\\.(debug|info|warning|err|crit)"));
            assertThat(String.join("\n", syslog.argv())).doesNotContain(PASSWORD);
            assertThat(Files.readString(out)).as("with a facility the lines go to syslog, not stderr")
                    .doesNotContain("created account").doesNotContain(PASSWORD);
        }
    }

    private int run(AgentLab lab, String action, Path log, Path out) throws Exception {
        return run(lab, action, Map.of("HA_LOGFILE", log.toString(), "HA_DEBUGLOG", log.toString(), "HA_debug", "1"), out);
    }

    private int run(AgentLab lab, String action, Map<String, String> logging, Path out) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", FrozenClassPath.get(),
                TargetAgent.class.getName(), action);
        Map<String, String> env = pb.environment();
        env.put("OCF_ROOT", "/usr/lib/ocf");
        env.put("OCF_RESOURCE_INSTANCE", "p_leak");
        env.put("OCF_RESKEY_iqn", "iqn.2026-01.io.tgtha:lab.leak");
        env.put("OCF_RESKEY_incoming_username", "leakuser");
        env.put("OCF_RESKEY_incoming_password", PASSWORD);
        env.put("OCF_RESKEY_tgt_control_port", Integer.toString(lab.port()));
        // the /proc sampler competes with the agent for the CPU (a start ran out of the default 20 s on a capped,
        // loaded machine); what is checked here does not depend on speed
        env.put("OCF_RESKEY_CRM_meta_timeout", "120000");
        env.keySet().removeIf(k -> k.startsWith("HA_")); // only the logging this test asks for
        env.putAll(logging);
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    private static void scanCmdlines(StringBuilder leaks) {
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : procs) {
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
                    if (cmd.contains(PASSWORD)) {
                        synchronized (leaks) {
                            leaks.append(p.getFileName()).append(": ").append(cmd.replace('\0', ' ')).append('\n');
                        }
                    }
                } catch (IOException ignored) {
                    // process exited meanwhile
                }
            }
        } catch (IOException ignored) {
            // /proc listing raced with exits
        }
    }
}
