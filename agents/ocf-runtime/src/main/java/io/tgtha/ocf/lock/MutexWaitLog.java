// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.lock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The mutex waits of operations that ran in a cold JVM, one appended line each ({@code acquired NAME SECONDS} or
 * {@code timeout NAME SECONDS}) in {@code RUN/host/cold-mutex-waits}, for {@code tgtha metrics}. The agent host
 * counts its own waits in memory; a cold JVM lives for one operation, so what it saw must outlive it, and an
 * O_APPEND write of a few bytes is atomic without a lock. Only state-changing operations take a mutex (start, stop,
 * a portblock monitor that confirms a block), so the file grows by ~30 bytes per such cold operation until reboot
 * (tmpfs). Like the wrappers' fallback count it is kept only where {@code RUN/host} exists: the directory is the
 * host's (0700), created by the host or the wrapper that starts one, never here.
 */
public final class MutexWaitLog implements MutexWaitObserver {
    /** One line of the log. */
    public record Wait(String mutex, boolean timedOut, double seconds) {
    }

    private final Path file;

    public MutexWaitLog(Path file) {
        this.file = file;
    }

    /** The log's file name, beside the agent host's other files in {@code RUN/host}. */
    public static final String FILE_NAME = "cold-mutex-waits";

    /** {@code RUN/host/cold-mutex-waits} of the run directory {@code runDir}: the one place that names it. */
    public static Path file(Path runDir) {
        return runDir.resolve("host").resolve(FILE_NAME);
    }

    /** {@link #file} of the node's run directory ({@link io.tgtha.process.RunDir}). */
    public static Path defaultFile() {
        return file(io.tgtha.process.RunDir.current());
    }

    @Override
    public void acquired(String mutex, Duration waited) {
        append("acquired", mutex, waited);
    }

    @Override
    public void timedOut(String mutex, Duration waited) {
        append("timeout", mutex, waited);
    }

    private void append(String outcome, String mutex, Duration waited) {
        if (!Files.isDirectory(file.getParent())) {
            return;
        }
        String line = outcome + " " + mutex + " " + String.format(Locale.ROOT, "%.6f", waited.toNanos() / 1e9) + "\n";
        try {
            Files.write(file, line.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // a count is not worth an operation
        }
    }

    /** The waits in {@code file}, oldest first; none when it does not exist. Lines it cannot read are skipped. */
    public static List<Wait> read(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        List<Wait> waits = new ArrayList<>();
        for (String l : lines) {
            String[] f = l.split(" ");
            if (f.length != 3 || !(f[0].equals("acquired") || f[0].equals("timeout"))) {
                continue;
            }
            try {
                double seconds = Double.parseDouble(f[2]);
                if (seconds >= 0 && Double.isFinite(seconds)) {
                    waits.add(new Wait(f[1], f[0].equals("timeout"), seconds));
                }
            } catch (NumberFormatException e) {
                // a line cut short (disk full) or not ours
            }
        }
        return waits;
    }
}
