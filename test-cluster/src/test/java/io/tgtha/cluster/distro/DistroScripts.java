// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cluster.distro;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The matrix's shell side ({@code test-cluster/distro/}): {@code docker-daemon} starts and stops Debian's dockerd,
 * {@code build-image} builds a release's image once from debootstrap. Both run with a hard time limit; their stderr
 * (progress, timings) goes to a log file in {@code target/lab-logs}, their stdout is the answer.
 */
final class DistroScripts {
    private final Path distroDir;
    private final Path logDir;

    private DistroScripts(Path distroDir, Path logDir) {
        this.distroDir = distroDir;
        this.logDir = logDir;
    }

    /** The scripts, whether Maven runs in the module or at the repository root. */
    static DistroScripts locate() throws IOException {
        Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        Path module = Files.isDirectory(base.resolve("distro")) ? base : base.resolve("test-cluster");
        if (!Files.isExecutable(module.resolve("distro/build-image"))) {
            throw new IllegalStateException("test-cluster/distro/build-image not found from " + base);
        }
        Path logs = module.resolve("target/lab-logs");
        Files.createDirectories(logs);
        return new DistroScripts(module.resolve("distro"), logs);
    }

    Path logDir() {
        return logDir;
    }

    /** "started" (by us) or "running" (someone else's dockerd). */
    String dockerUp() throws IOException, InterruptedException {
        return run(Duration.ofMinutes(16), "docker-daemon.log", "docker-daemon", "up");
    }

    void dockerDown() throws IOException, InterruptedException {
        run(Duration.ofMinutes(1), "docker-daemon.log", "docker-daemon", "down");
    }

    /** The image's name; builds it when missing (minutes), otherwise returns at once. */
    String image(String release) throws IOException, InterruptedException {
        return run(Duration.ofMinutes(40), "build-image-" + release + ".log", "build-image", release);
    }

    private String run(Duration limit, String logName, String script, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(distroDir.resolve(script).toString()));
        command.addAll(List.of(args));
        Path log = logDir.resolve(logName);
        Path out = Files.createTempFile(logDir, script, ".out");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException(script + " " + String.join(" ", args) + " took over " + limit
                        + "; see " + log);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(script + " " + String.join(" ", args) + " failed (rc "
                        + process.exitValue() + "); see " + log);
            }
            return Files.readString(out, StandardCharsets.UTF_8).strip();
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
