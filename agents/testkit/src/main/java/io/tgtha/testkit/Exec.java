// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.testkit;

import io.tgtha.process.ProcessGroup;
import io.tgtha.process.ProcessNotStartedException;
import io.tgtha.process.ProcessRequest;
import io.tgtha.process.ProcessResult;
import io.tgtha.process.ProcessRunner;
import io.tgtha.process.ProcessTimedOutException;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs a lab command through the agents' own process runner: a mandatory deadline, after which the
 * command's whole process group is SIGKILLed (tgtd and iscsi-perf ignore SIGTERM). Every exit code is a
 * result; a command that cannot be started is a {@link LabException}.
 */
public final class Exec {
    /** Tests read logs and listings whole: far more than the agents keep, still bounded. */
    private static final int OUTPUT_LIMIT = 64 << 20;
    private static final ProcessRunner RUNNER = new ProcessRunner();

    private Exec() {
    }

    public static ExecResult run(Duration timeout, String... command) {
        return run(timeout, List.of(command));
    }

    public static ExecResult run(Duration timeout, List<String> command) {
        return run(timeout, command, Map.of());
    }

    /** With extra environment variables (how secrets reach a child without touching its argv). */
    public static ExecResult run(Duration timeout, List<String> command, Map<String, String> env) {
        ProcessRequest request = ProcessRequest.of(timeout, command).withEnv(env).withOutputLimit(OUTPUT_LIMIT);
        try {
            ProcessResult r = RUNNER.runToExit(request);
            return new ExecResult(List.copyOf(command), r.exitCode(), r.stdout().text(), r.stderr().text(), false);
        } catch (ProcessTimedOutException e) {
            return new ExecResult(List.copyOf(command), -1, e.stdout().text(), e.stderr().text(), true);
        } catch (ProcessNotStartedException e) {
            throw new LabException("cannot start " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
    }

    /** SIGKILL a process, every descendant and, when it leads one, its process group. */
    public static void killTree(ProcessHandle root) {
        ProcessGroup.kill(root, 5000);
    }

    public static void killPid(long pid) {
        ProcessHandle.of(pid).ifPresent(Exec::killTree);
    }
}
