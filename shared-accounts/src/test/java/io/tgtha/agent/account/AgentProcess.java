// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.account;

import io.tgtha.agent.account.AgentHarness.Outcome;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the account agent as a separate JVM (as Pacemaker runs an agent: parameters in the
 * environment), so that its command line, its log file and its stderr can be inspected.
 */
final class AgentProcess {
    private AgentProcess() {
    }

    static Outcome run(Map<String, String> env, String action) {
        return start(env, action).await();
    }

    /** Starts the action and returns at once (for races against other agents). */
    static Running start(Map<String, String> env, String action) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), AccountAgent.class.getName(), action));
        try {
            Path out = Files.createTempFile("ag-agent-", ".out");
            Path err = Files.createTempFile("ag-agent-", ".err");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            // only what the test passes: no OCF_/HA_ variables of whoever runs the build
            pb.environment().keySet().removeIf(k -> k.startsWith("OCF_") || k.startsWith("HA_"));
            pb.environment().putAll(env);
            return new Running(pb.start(), action, out, err);
        } catch (IOException e) {
            throw new AssertionError("cannot run the account agent: " + e, e);
        }
    }

    record Running(Process process, String action, Path out, Path err) {
        Outcome await() {
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("account agent " + action + " did not finish within 60 s");
                }
                return new Outcome(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new AssertionError("cannot read the account agent's output: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            } finally {
                try {
                    Files.deleteIfExists(out);
                    Files.deleteIfExists(err);
                } catch (IOException ignored) {
                    // temp files only
                }
            }
        }
    }
}
