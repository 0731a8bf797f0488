package io.tgtha.cli.tgt;

import io.tgtha.cli.CliException;
import io.tgtha.cli.ExitCode;
import io.tgtha.ocf.exec.Command;
import io.tgtha.ocf.exec.CommandException;
import io.tgtha.ocf.exec.CommandFailedException;
import io.tgtha.ocf.exec.CommandNotFoundException;
import io.tgtha.ocf.exec.CommandResult;
import io.tgtha.ocf.exec.CommandRunner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@link TgtAdmin} through the {@code tgtadm} tool, parsing its text output. */
public final class TgtadmCli implements TgtAdmin {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** tgtadm's exit code when it cannot reach tgtd (measured: 107, ENOTCONN). */
    private static final int NOT_RUNNING = 107;

    private final CommandRunner runner;
    private final Integer controlPort;

    /** @param controlPort tgtd's {@code --control-port}, null for the default (socket.0) */
    public TgtadmCli(CommandRunner runner, Integer controlPort) {
        this.runner = runner;
        this.controlPort = controlPort;
    }

    @Override
    public List<TargetInfo> targets() {
        return TgtShowParser.parse(tgtadm("--lld", "iscsi", "--op", "show", "--mode", "target").stdout());
    }

    @Override
    public void setState(int tid, String state) {
        tgtadm("--lld", "iscsi", "--op", "update", "--mode", "target", "--tid", Integer.toString(tid),
                "--name", "state", "--value", state);
    }

    private CommandResult tgtadm(String... args) {
        List<String> argv = new ArrayList<>(List.of("tgtadm"));
        if (controlPort != null) {
            argv.add("-C");
            argv.add(controlPort.toString());
        }
        argv.addAll(List.of(args));
        try {
            return runner.run(Command.of(TIMEOUT, argv));
        } catch (CommandNotFoundException e) {
            throw new CliException(ExitCode.TOOL_MISSING, "tgtadm is not installed (package tgt)");
        } catch (CommandFailedException e) {
            if (e.exitCode() == NOT_RUNNING) {
                throw new CliException(ExitCode.TGTD_UNAVAILABLE, "tgtd is not running"
                        + (controlPort == null ? "" : " on control port " + controlPort));
            }
            throw new CliException(ExitCode.COMMAND_FAILED, e.getMessage());
        } catch (CommandException e) {
            throw new CliException(ExitCode.TGTD_UNAVAILABLE, "tgtd did not answer: " + e.getMessage());
        }
    }
}
