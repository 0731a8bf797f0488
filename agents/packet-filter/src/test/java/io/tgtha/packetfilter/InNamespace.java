// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.packetfilter;

import io.tgtha.ocf.OcfEnvironment;
import io.tgtha.ocf.exec.Command;
import io.tgtha.ocf.exec.CommandException;
import io.tgtha.ocf.exec.CommandResult;
import io.tgtha.ocf.exec.CommandRunner;
import io.tgtha.ocf.exec.ProcessCommandRunner;
import io.tgtha.ocf.log.OcfLog;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The agents' process runner with every command run inside one network namespace ({@code ip netns exec}). */
final class InNamespace implements CommandRunner {
    private final String netns;
    private final CommandRunner runner = new ProcessCommandRunner(null,
            new OcfLog(new OcfEnvironment(Map.of()), "lab", new PrintStream(OutputStream.nullOutputStream())));

    InNamespace(String netns) {
        this.netns = netns;
    }

    @Override
    public CommandResult run(Command command) throws CommandException {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", netns));
        argv.addAll(command.argv());
        Command inside = Command.of(command.timeout(), argv).withEnv(command.extraEnv())
                .succeedingOn(command.successExitCodes().toArray(Integer[]::new));
        return runner.run(command.stdin() == null ? inside : inside.withStdin(command.stdin()));
    }
}
