package io.tgtha.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command with a mandatory deadline. On timeout the whole process tree is SIGKILLed
 * (tgtd and iscsi-perf ignore SIGTERM, so a polite kill would leave them running).
 */
public final class Exec {
    private Exec() {
    }

    public static ExecResult run(Duration timeout, String... command) {
        return run(timeout, List.of(command));
    }

    public static ExecResult run(Duration timeout, List<String> command) {
        return run(timeout, command, java.util.Map.of());
    }

    /** With extra environment variables (how secrets reach a child without touching its argv). */
    public static ExecResult run(Duration timeout, List<String> command, java.util.Map<String, String> env) {
        Process process;
        try {
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().putAll(env);
            process = pb.start();
        } catch (IOException e) {
            throw new LabException("cannot start " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
        StreamCollector out = new StreamCollector(process.getInputStream());
        StreamCollector err = new StreamCollector(process.getErrorStream());
        out.start();
        err.start();
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = false;
        }
        if (!finished) {
            killTree(process.toHandle());
        }
        int code;
        try {
            code = process.waitFor();
            out.join(2000);
            err.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            code = -1;
        }
        return new ExecResult(List.copyOf(command), code, out.text(), err.text(), !finished);
    }

    /** SIGKILL a process and every descendant, children first so nothing is re-parented and forgotten. */
    public static void killTree(ProcessHandle root) {
        root.descendants().forEach(ProcessHandle::destroyForcibly);
        root.destroyForcibly();
        try {
            root.onExit().get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // best effort: a zombie whose parent is not us cannot be reaped here
        }
    }

    public static void killPid(long pid) {
        ProcessHandle.of(pid).ifPresent(Exec::killTree);
    }

    static final class StreamCollector extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        StreamCollector(InputStream in) {
            this.in = in;
            setDaemon(true);
        }

        @Override
        public void run() {
            try (in) {
                in.transferTo(buffer);
            } catch (IOException ignored) {
                // stream closed because the process was killed
            }
        }

        String text() {
            synchronized (buffer) {
                return buffer.toString(StandardCharsets.UTF_8);
            }
        }
    }

    static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
