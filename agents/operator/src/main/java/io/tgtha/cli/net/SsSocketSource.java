// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.net;

import io.tgtha.cli.CliException;
import io.tgtha.cli.ExitCode;
import io.tgtha.ocf.exec.Command;
import io.tgtha.ocf.exec.CommandException;
import io.tgtha.ocf.exec.CommandNotFoundException;
import io.tgtha.ocf.exec.CommandRunner;

import java.time.Duration;
import java.util.List;

/**
 * Non-listening TCP sockets with local port {@code port}, every state: a connection tgtd already
 * closed can linger in FIN-WAIT-1 with its Send-Q full, and that is exactly the kind we must see.
 */
public record SsSocketSource(CommandRunner runner, int port) implements SocketSource {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Override
    public List<TcpSocket> sockets() {
        try {
            String out = runner.run(Command.of(TIMEOUT, "ss", "-tnie", "( sport = :" + port + " )")).stdout();
            return SsParser.parse(out);
        } catch (CommandNotFoundException e) {
            throw new CliException(ExitCode.TOOL_MISSING, "ss is not installed (package iproute2)");
        } catch (CommandException e) {
            throw new CliException(ExitCode.COMMAND_FAILED, e.getMessage());
        }
    }
}
