// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs an external command for a test: bounded, output captured, environment controlled. */
record Proc(List<String> command, int rc, byte[] out, String stderr) {

    static Proc run(Duration timeout, Map<String, String> env, Path dir, String... command) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            Drain out = new Drain(p.getInputStream());
            Drain err = new Drain(p.getErrorStream());
            out.start();
            err.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("timed out after " + timeout + ": " + String.join(" ", command));
            }
            out.join(5000);
            err.join(5000);
            return new Proc(List.of(command), p.exitValue(), out.bytes(),
                    new String(err.bytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Proc run(Duration timeout, String... command) {
        return run(timeout, Map.of(), null, command);
    }

    String stdout() {
        return new String(out, StandardCharsets.UTF_8);
    }

    String describe() {
        return String.join(" ", command) + " -> rc " + rc + "\nstdout: " + abbreviate(stdout()) + "\nstderr: "
                + abbreviate(stderr);
    }

    private static String abbreviate(String s) {
        return s.length() > 4000 ? s.substring(0, 4000) + "..." : s;
    }

    private static final class Drain extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        Drain(InputStream in) {
            this.in = in;
            setDaemon(true);
        }

        @Override
        public void run() {
            try (in) {
                in.transferTo(buf);
            } catch (IOException ignored) {
                // the process was killed
            }
        }

        byte[] bytes() {
            return buf.toByteArray();
        }
    }
}
