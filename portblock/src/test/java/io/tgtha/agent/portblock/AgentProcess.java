// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.portblock;

import io.tgtha.ocf.OcfException;
import io.tgtha.packetfilter.PacketFilter;
import io.tgtha.process.ProcessRunner;
import io.tgtha.testkit.Netns;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the agent the way Pacemaker would: a fresh JVM per operation, environment only, here inside a
 * network namespace ({@code ip netns exec}) so its iptables/nft/ss act on that namespace. Separate
 * processes also matter for the mutex: its fcntl lock is per process.
 */
final class AgentProcess {
    /** The tuned start-up flags of platform-facts.md (minus AppCDS, which is an install-time artefact). */
    private static final List<String> JVM_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Xss256k", "-Xmx32m", "-XX:-UsePerfData", "-Xshare:auto");

    record Result(int rc, String stdout, String stderr, Duration elapsed) {
        String reason() {
            return stderr.lines().filter(l -> l.startsWith("ocf-exit-reason:")).findFirst().orElse("");
        }

        @Override
        public String toString() {
            return "rc=" + rc + " in " + elapsed.toMillis() + " ms; stderr: " + stderr.strip();
        }
    }

    private final Netns ns;
    private final Path runDir;
    private final String instance;
    private final Map<String, String> params;
    private final Map<String, String> extraEnv = new HashMap<>();

    AgentProcess(Netns ns, Path runDir, String instance, Map<String, String> params) {
        this.ns = ns;
        this.runDir = runDir;
        this.instance = instance;
        this.params = Map.copyOf(params);
    }

    AgentProcess env(String name, String value) {
        extraEnv.put(name, value);
        return this;
    }

    static String classpath() {
        return codeSource(PortblockAgent.class) + File.pathSeparator + codeSource(PacketFilter.class)
                + File.pathSeparator + codeSource(OcfException.class) + File.pathSeparator + codeSource(ProcessRunner.class);
    }

    private static String codeSource(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    ProcessBuilder builder(String action) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns.name(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(JVM_FLAGS);
        cmd.addAll(List.of("-cp", classpath(), PortblockAgent.class.getName(), action));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("OCF_") || k.startsWith("HA_"));
        env.put("TGTHA_RUN_DIR", runDir.toString());
        env.put("OCF_ROOT", "/usr/lib/ocf");
        env.put("OCF_RESOURCE_INSTANCE", instance);
        env.put("OCF_RESOURCE_TYPE", "portblock");
        params.forEach((k, v) -> env.put("OCF_RESKEY_" + k, v));
        env.putAll(extraEnv);
        return pb;
    }

    /** Starts the operation without waiting (for concurrency and kill tests). */
    Process start(String action, File out, File err) throws IOException {
        return builder(action).redirectOutput(out).redirectError(err)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    }

    Result run(String action) {
        return run(action, Duration.ofSeconds(60));
    }

    Result run(String action, Duration timeout) {
        try {
            File out = File.createTempFile("pb-agent-", ".out");
            File err = File.createTempFile("pb-agent-", ".err");
            try {
                long t0 = System.nanoTime();
                Process p = start(action, out, err);
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    throw new AssertionError("agent " + action + " did not finish within " + timeout);
                }
                Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
                return new Result(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                        Files.readString(err.toPath(), StandardCharsets.UTF_8), elapsed);
            } finally {
                out.delete();
                err.delete();
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run agent", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }
}
