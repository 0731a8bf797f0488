// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.net;

import io.tgtha.packetfilter.ConnectionReset.Outcome;
import io.tgtha.packetfilter.FirewallChoice;
import io.tgtha.packetfilter.IpPrefix;
import io.tgtha.packetfilter.PacketFilterException;
import io.tgtha.packetfilter.PortList;
import io.tgtha.cli.CliException;
import io.tgtha.cli.ExitCode;
import io.tgtha.ocf.Deadline;
import io.tgtha.ocf.exec.CommandException;
import io.tgtha.ocf.exec.CommandRunner;
import io.tgtha.ocf.lock.FileMutex;
import io.tgtha.ocf.lock.MutexTimeoutException;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The portblock agent's own reset (its {@code ConnectionReset}: OUTPUT REJECT tcp-reset rule plus
 * {@code ss -K}, under PACKET_FILTER), for a drain by portal address: every connection to those local
 * addresses is reset, which is what a Pacemaker group with its own portal IP means by "the target's
 * connections". The rule is removed again by the portblock code before it returns.
 */
public final class PortblockConnectionReset implements ConnectionReset {
    private final CommandRunner runner;
    private final Path lockDir;
    private final SocketSource sockets;

    public PortblockConnectionReset(CommandRunner runner, Path lockDir, SocketSource sockets) {
        this.runner = runner;
        this.lockDir = lockDir;
        this.sockets = sockets;
    }

    @Override
    public List<TcpSocket> reset(ResetScope scope, Deadline deadline) {
        List<TcpSocket> before = onPortals(scope);
        try {
            Outcome o = portblock(deadline).drain(String.join(",", scope.localAddresses()),
                    Integer.toString(scope.port()), false, FirewallChoice.AUTO,
                    new FileMutex(lockDir, FileMutex.PACKET_FILTER));
            return o.destroyed() == 0 ? List.of() : before;
        } catch (MutexTimeoutException e) {
            throw new CliException(ExitCode.LOCK_TIMEOUT, "packet-filter mutex busy: " + e.getMessage());
        } catch (PacketFilterException | CommandException | IOException e) {
            throw new CliException(ExitCode.COMMAND_FAILED, "connection reset failed: " + e.getMessage());
        }
    }

    @Override
    public List<TcpSocket> destroyRemaining(ResetScope scope, Deadline deadline) {
        List<TcpSocket> before = onPortals(scope);
        if (before.isEmpty()) {
            return before;
        }
        try {
            portblock(deadline).destroySockets(IpPrefix.parseList(String.join(",", scope.localAddresses())),
                    PortList.parse(Integer.toString(scope.port())), Duration.ofMillis(200));
            return before;
        } catch (CommandException e) {
            throw new CliException(ExitCode.COMMAND_FAILED, "connection reset failed: " + e.getMessage());
        }
    }

    @Override
    public void lift(ResetScope scope, Deadline deadline) {
        // nothing: ConnectionReset.drain(keepBlocked=false) removed the rules it added
    }

    private io.tgtha.packetfilter.ConnectionReset portblock(Deadline deadline) {
        return new io.tgtha.packetfilter.ConnectionReset(runner, deadline, line -> { });
    }

    private List<TcpSocket> onPortals(ResetScope scope) {
        return sockets.sockets().stream().filter(s -> s.local().port() == scope.port()
                && scope.localAddresses().contains(s.local().address()) && !s.state().equals("LISTEN")).toList();
    }
}
