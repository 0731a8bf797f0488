// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import io.tgtha.ocf.exec.Command;
import io.tgtha.ocf.exec.CommandException;
import io.tgtha.ocf.exec.CommandResult;
import io.tgtha.ocf.exec.CommandRunner;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Runs the network tools (ss, iptables) inside a named network namespace, for a tgtd that lives in
 * one (labs, containers, one namespace per storage VLAN). tgtadm talks to a filesystem socket and
 * Pacemaker tools to their own IPC, so they run unchanged.
 */
public record NetnsCommandRunner(CommandRunner delegate, String netns) implements CommandRunner {
    private static final Set<String> NETWORK_TOOLS = Set.of("ss", "iptables", "ip6tables", "iptables-save", "ip6tables-save", "nft");

    @Override
    public CommandResult run(Command command) throws CommandException {
        String program = command.program();
        // callers may run tools by absolute path (the portblock code does): match the file name
        if (!NETWORK_TOOLS.contains(program.substring(program.lastIndexOf('/') + 1))) {
            return delegate.run(command);
        }
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", netns));
        argv.addAll(command.argv());
        Command wrapped = Command.of(command.timeout(), argv).withEnv(command.extraEnv())
                .succeedingOn(command.successExitCodes().toArray(Integer[]::new));
        byte[] stdin = command.stdin();
        return delegate.run(stdin == null ? wrapped : wrapped.withStdin(stdin));
    }
}
