package io.tgtha.ocf.exec;

import io.tgtha.ocf.Deadline;
import io.tgtha.ocf.log.OcfLog;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Runs commands as child processes. Each command's own timeout is further capped by what is left of
 * the operation's deadline, so the agent always answers before Pacemaker's timeout. On timeout the
 * process and its descendants get SIGKILL: the tools we run (tgtadm, iptables, ss) hold no state
 * that a kill could corrupt, and anything gentler could itself hang.
 */
public final class ProcessCommandRunner implements CommandRunner {
    private final Deadline deadline;
    private final OcfLog log;

    public ProcessCommandRunner(Deadline deadline, OcfLog log) {
        this.deadline = deadline;
        this.log = log;
    }

    @Override
    public CommandResult run(Command command) throws CommandException {
        Duration timeout = deadline == null ? command.timeout() : deadline.cap(command.timeout());
        if (timeout.isZero()) {
            throw new CommandTimedOutException(command, timeout);
        }
        ProcessBuilder pb = new ProcessBuilder(command.argv());
        pb.environment().putAll(command.extraEnv());
        // C locale: we parse some tools' output, and translated messages would break that.
        pb.environment().put("LC_ALL", "C");
        if (command.stdin() == null) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        long started = System.nanoTime();
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new CommandNotFoundException(command, e);
        }
        StreamCollector out = new StreamCollector(process.getInputStream());
        StreamCollector err = new StreamCollector(process.getErrorStream());
        out.start();
        err.start();
        try {
            if (command.stdin() != null) {
                try (OutputStream in = process.getOutputStream()) {
                    in.write(command.stdin());
                } catch (IOException ignored) {
                    // the process exited without reading its input; its exit code tells the rest
                }
            }
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                killTree(process);
                log.debug("timed out after " + timeout.toMillis() + " ms: " + command);
                throw new CommandTimedOutException(command, timeout);
            }
            out.join(1000);
            err.join(1000);
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            throw new CommandTimedOutException(command, timeout);
        }
        CommandResult result = new CommandResult(command, process.exitValue(), out.text(), err.text(),
                Duration.ofNanos(System.nanoTime() - started));
        if (log.debugEnabled()) {
            log.debug("ran (" + result.elapsed().toMillis() + " ms, rc=" + result.exitCode() + "): " + command);
        }
        if (!command.successExitCodes().contains(result.exitCode())) {
            throw new CommandFailedException(result);
        }
        return result;
    }

    private static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Drains one output stream so a chatty child never blocks on a full pipe. */
    private static final class StreamCollector extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        StreamCollector(InputStream in) {
            this.in = in;
            setDaemon(true);
        }

        @Override
        public void run() {
            byte[] chunk = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(chunk)) > 0) {
                    synchronized (buffer) {
                        buffer.write(chunk, 0, n);
                    }
                }
            } catch (IOException ignored) {
                // the process was killed; what was read so far is all there is
            }
        }

        String text() {
            synchronized (buffer) {
                return buffer.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
