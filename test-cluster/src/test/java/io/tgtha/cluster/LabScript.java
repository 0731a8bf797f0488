// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the lab's bash scripts ({@code test-cluster/bin/...}) with a hard time limit. Output goes to a log file
 * (the reports are long; the assertion message points at the file). On timeout the whole process tree is killed and
 * {@code cluster down} runs, so a hung run never leaves namespaces or daemons behind.
 */
final class LabScript {
    private final Path binDir;

    LabScript(Path binDir) {
        this.binDir = binDir;
    }

    /** The module's bin directory, whether Maven runs in the module or at the repository root. */
    static LabScript locate() {
        Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        for (Path candidate : List.of(base.resolve("bin"), base.resolve("test-cluster/bin"))) {
            if (Files.isExecutable(candidate.resolve("cluster"))) {
                return new LabScript(candidate);
            }
        }
        throw new IllegalStateException("test-cluster/bin/cluster not found from " + base);
    }

    record Outcome(int exitCode, Path log, boolean timedOut) {
        String tail() {
            try {
                List<String> lines = Files.readAllLines(log);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
            } catch (IOException e) {
                return "(cannot read " + log + ": " + e.getMessage() + ")";
            }
        }
    }

    Outcome run(Duration limit, Path log, String script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(binDir.resolve(script).toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        if (process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            return new Outcome(process.exitValue(), log, false);
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        clusterDown();
        return new Outcome(-1, log, true);
    }

    /** Best effort: tear the lab down (idempotent). */
    void clusterDown() throws InterruptedException {
        try {
            Process down = new ProcessBuilder(binDir.resolve("cluster").toString(), "down")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!down.waitFor(60, TimeUnit.SECONDS)) {
                down.destroyForcibly();
            }
        } catch (IOException e) {
            // nothing more we can do from here; the next `cluster up` removes leftovers itself
        }
    }
}
