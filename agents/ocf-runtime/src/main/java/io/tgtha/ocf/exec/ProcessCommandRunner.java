// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.exec;

import io.tgtha.ocf.Deadline;
import io.tgtha.ocf.log.OcfLog;
import io.tgtha.process.ProcessExitedNonZeroException;
import io.tgtha.process.ProcessNotStartedException;
import io.tgtha.process.ProcessRequest;
import io.tgtha.process.ProcessResult;
import io.tgtha.process.ProcessRunner;
import io.tgtha.process.ProcessTimedOutException;

import java.util.HashMap;
import java.util.Map;

/**
 * Runs the agents' commands through the one process runner ({@code io.tgtha.process}), bounded by the
 * operation's deadline, and turns its outcomes into the agents' {@link CommandException}s.
 */
public final class ProcessCommandRunner implements CommandRunner {
    private final ProcessRunner runner;
    private final OcfLog log;

    public ProcessCommandRunner(Deadline deadline, OcfLog log) {
        this.runner = deadline == null ? new ProcessRunner() : new ProcessRunner(deadline::remaining);
        this.log = log;
    }

    @Override
    public CommandResult run(Command command) throws CommandException {
        Map<String, String> env = new HashMap<>(command.extraEnv());
        // C locale: we parse some tools' output, and translated messages would break that
        env.put("LC_ALL", "C");
        ProcessRequest request = ProcessRequest.of(command.timeout(), command.argv()).withEnv(env)
                .succeedingOn(command.successExitCodes());
        byte[] stdin = command.stdin();
        if (stdin != null) {
            request = request.withStdin(stdin);
        }
        try {
            CommandResult result = toResult(command, runner.run(request));
            if (log.debugEnabled()) {
                log.debug("ran (" + result.elapsed().toMillis() + " ms, rc=" + result.exitCode() + "): " + command);
            }
            return result;
        } catch (ProcessTimedOutException e) {
            log.debug("timed out after " + e.timeout().toMillis() + " ms: " + command);
            throw new CommandTimedOutException(command, e.timeout());
        } catch (ProcessNotStartedException e) {
            throw new CommandNotFoundException(command, e);
        } catch (ProcessExitedNonZeroException e) {
            throw new CommandFailedException(toResult(command, e.result()));
        }
    }

    private static CommandResult toResult(Command command, ProcessResult r) {
        return new CommandResult(command, r.exitCode(), r.stdout().text(), r.stderr().text(), r.elapsed(),
                r.stdout().truncated() || r.stderr().truncated());
    }
}
