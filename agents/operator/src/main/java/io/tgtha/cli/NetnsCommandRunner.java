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
final class NetnsCommandRunner implements CommandRunner {
    private static final Set<String> NETWORK_TOOLS = Set.of("ss", "iptables", "ip6tables");

    private final CommandRunner delegate;
    private final String netns;

    NetnsCommandRunner(CommandRunner delegate, String netns) {
        this.delegate = delegate;
        this.netns = netns;
    }

    @Override
    public CommandResult run(Command command) throws CommandException {
        if (!NETWORK_TOOLS.contains(command.program())) {
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
