// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.process;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The one way tgt-ha runs an external command. Each run is bounded by the request's timeout, further
 * capped by what is left of the caller's deadline; the command is the leader of its own process group,
 * and on timeout the whole group gets SIGKILL (the tools run here hold no state a kill could corrupt, and
 * anything gentler could itself hang). Output is pumped on threads and kept up to the request's limit.
 */
public final class ProcessRunner {
    /** How long a kill waits for the group to be gone, and a finished command for its pipes to close. */
    private static final long KILL_WAIT_MILLIS = 1000;

    private final Supplier<Duration> remaining;

    /** A runner bounded only by each request's timeout. */
    public ProcessRunner() {
        this(null);
    }

    /** A runner whose commands also end by the caller's deadline: {@code remaining} says how much time is left. */
    public ProcessRunner(Supplier<Duration> remaining) {
        this.remaining = remaining;
    }

    /** Runs {@code request} to its end or its timeout. The result's exit code is in the request's success set. */
    public ProcessResult run(ProcessRequest request)
            throws ProcessNotStartedException, ProcessTimedOutException, ProcessExitedNonZeroException {
        ProcessResult result = runToExit(request);
        if (!request.successExitCodes().contains(result.exitCode())) {
            throw new ProcessExitedNonZeroException(result);
        }
        return result;
    }

    /** Runs {@code request} to its end or its timeout, whatever its exit code. */
    public ProcessResult runToExit(ProcessRequest request) throws ProcessNotStartedException, ProcessTimedOutException {
        Duration timeout = capped(request.timeout());
        List<String> argv = request.argv();
        if (timeout.isZero()) {
            throw new ProcessTimedOutException(argv, timeout, Output.EMPTY, Output.EMPTY);
        }
        ProcessBuilder builder = new ProcessBuilder();
        // Secrets a cold agent JVM inherited (OCF_RESKEY_password, ...) never reach a child (issue 17);
        // a request that needs one passes it explicitly through env().
        builder.environment().keySet().removeIf(ProcessRunner::secretOrAgentParameter);
        builder.environment().putAll(request.env());
        String program = resolve(argv.get(0), builder.environment().get("PATH"));
        if (program == null) {
            throw new ProcessNotStartedException(argv, "not found or not executable", null);
        }
        List<String> resolved = new ArrayList<>(argv);
        resolved.set(0, program);
        builder.command(ProcessGroup.leaderArgv(resolved));
        if (!request.hasStdin()) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        long started = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new ProcessNotStartedException(argv, String.valueOf(e.getMessage()), e);
        }
        OutputPump out = new OutputPump(process.getInputStream(), request.outputLimit(), "stdout " + process.pid());
        OutputPump err = new OutputPump(process.getErrorStream(), request.outputLimit(), "stderr " + process.pid());
        out.start();
        err.start();
        if (request.hasStdin()) {
            new StdinFeeder(process.getOutputStream(), request.stdinBytes()).start();
        }
        long deadline = started + timeout.toNanos();
        try {
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw timedOut(process, argv, timeout, out, err);
            }
            if (!out.awaitEnd(millisUntil(deadline)) || !err.awaitEnd(millisUntil(deadline))) {
                // the command exited, but something it started still holds our pipes at the timeout: end it
                ProcessGroup.kill(process.toHandle(), KILL_WAIT_MILLIS);
                finish(out, err);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw timedOut(process, argv, timeout, out, err);
        }
        Output stderr = err.output();
        if (ProcessGroup.isSetsidExecFailure(process.exitValue(), stderr.text())) {
            throw new ProcessNotStartedException(argv, stderr.text().strip(), null);
        }
        return new ProcessResult(argv, process.exitValue(), out.output(), stderr,
                Duration.ofNanos(System.nanoTime() - started));
    }

    private static ProcessTimedOutException timedOut(Process process, List<String> argv, Duration timeout,
                                                     OutputPump out, OutputPump err) {
        ProcessGroup.kill(process.toHandle(), KILL_WAIT_MILLIS);
        finish(out, err);
        return new ProcessTimedOutException(argv, timeout, out.output(), err.output());
    }

    /** Gives the pumps a moment to read what the killed group left in the pipes, then stops them. */
    private static void finish(OutputPump out, OutputPump err) {
        try {
            out.awaitEnd(KILL_WAIT_MILLIS);
            err.awaitEnd(KILL_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.abandon();
        err.abandon();
    }

    private static long millisUntil(long deadlineNanos) {
        return TimeUnit.NANOSECONDS.toMillis(Math.max(0, deadlineNanos - System.nanoTime()));
    }

    private Duration capped(Duration timeout) {
        if (remaining == null) {
            return timeout;
        }
        Duration left = remaining.get();
        return left.compareTo(timeout) < 0 ? (left.isNegative() ? Duration.ZERO : left) : timeout;
    }

    /** The executable {@code program} names: itself when it has a '/', else the first match on {@code path}. */
    static String resolve(String program, String path) {
        if (program.indexOf('/') >= 0) {
            return isExecutableFile(Path.of(program)) ? program : null;
        }
        if (path == null || program.isEmpty()) {
            return null;
        }
        for (String dir : path.split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (isExecutableFile(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    private static boolean isExecutableFile(Path p) {
        return Files.isRegularFile(p) && Files.isExecutable(p);
    }

    static boolean secretOrAgentParameter(String name) {
        String upper = name.toUpperCase(java.util.Locale.ROOT);
        return name.startsWith("OCF_RESKEY_") || upper.contains("PASSWORD") || upper.contains("SECRET")
                || upper.startsWith("LIBISCSI_CHAP");
    }
}
