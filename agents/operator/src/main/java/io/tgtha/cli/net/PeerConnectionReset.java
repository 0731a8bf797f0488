// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.net;

import io.tgtha.cli.CliException;
import io.tgtha.cli.ExitCode;
import io.tgtha.ocf.Deadline;
import io.tgtha.ocf.exec.CommandException;
import io.tgtha.ocf.exec.CommandNotFoundException;
import io.tgtha.ocf.exec.CommandRunner;
import io.tgtha.ocf.lock.FileMutex;
import io.tgtha.ocf.lock.MutexTimeoutException;
import io.tgtha.packetfilter.FirewallChoice;
import io.tgtha.packetfilter.IpPrefix;
import io.tgtha.packetfilter.PacketFilterException;
import io.tgtha.packetfilter.PortList;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The drain of chosen initiators with the packet-filter library's reset: reject rules on OUTPUT towards those
 * initiators only (narrowed to the targets' portals when known), iptables or nft, under PACKET_FILTER, and
 * {@code ss -K} of their sockets; the rules stay until {@link #lift}. Other targets' initiators on the same
 * portal keep their connections.
 */
public final class PeerConnectionReset implements ConnectionReset {
    private final CommandRunner runner;
    private final Path lockDir;
    private final SocketSource sockets;

    public PeerConnectionReset(CommandRunner runner, Path lockDir, SocketSource sockets) {
        this.runner = runner;
        this.lockDir = lockDir;
        this.sockets = sockets;
    }

    @Override
    public List<TcpSocket> reset(ResetScope scope, Deadline deadline) {
        List<TcpSocket> before = matching(scope);
        try {
            library(deadline).resetTowards(prefixes(scope.peerAddresses()), prefixes(scope.localAddresses()),
                    port(scope), FirewallChoice.AUTO, mutex());
            return before;
        } catch (PacketFilterException | CommandException | MutexTimeoutException | IOException e) {
            throw failure(e);
        }
    }

    @Override
    public List<TcpSocket> destroyRemaining(ResetScope scope, Deadline deadline) {
        List<TcpSocket> before = matching(scope);
        if (before.isEmpty()) {
            return before;
        }
        try {
            library(deadline).destroyTowards(prefixes(scope.peerAddresses()), prefixes(scope.localAddresses()),
                    port(scope), Duration.ofMillis(200));
            return before;
        } catch (CommandException e) {
            throw failure(e);
        }
    }

    @Override
    public void lift(ResetScope scope, Deadline deadline) {
        try {
            library(deadline).liftTowards(prefixes(scope.peerAddresses()), prefixes(scope.localAddresses()),
                    port(scope), FirewallChoice.AUTO, mutex());
        } catch (PacketFilterException | MutexTimeoutException | IOException e) {
            throw failure(e);
        }
    }

    private io.tgtha.packetfilter.ConnectionReset library(Deadline deadline) {
        return new io.tgtha.packetfilter.ConnectionReset(runner, deadline, line -> { });
    }

    private FileMutex mutex() {
        return new FileMutex(lockDir, FileMutex.PACKET_FILTER);
    }

    private List<TcpSocket> matching(ResetScope scope) {
        List<TcpSocket> found = new ArrayList<>();
        for (TcpSocket s : sockets.sockets()) {
            if (scope.matches(s)) {
                found.add(s);
            }
        }
        return found;
    }

    private static PortList port(ResetScope scope) {
        return PortList.parse(Integer.toString(scope.port()));
    }

    private static List<IpPrefix> prefixes(List<String> addresses) {
        List<IpPrefix> list = new ArrayList<>();
        for (String a : addresses) {
            try {
                list.add(IpPrefix.parse(a));
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCode.COMMAND_FAILED, "cannot reset connections of " + a + ": "
                        + e.getMessage());
            }
        }
        return list;
    }

    private static CliException failure(Exception e) {
        if (e instanceof MutexTimeoutException) {
            return new CliException(ExitCode.LOCK_TIMEOUT, "packet-filter mutex busy: " + e.getMessage());
        }
        if (e instanceof CommandNotFoundException
                || e instanceof PacketFilterException p && p.kind() == PacketFilterException.Kind.NOT_INSTALLED) {
            return new CliException(ExitCode.TOOL_MISSING, e.getMessage());
        }
        if (e instanceof IOException) {
            return new CliException(ExitCode.FAILURE, "cannot take the packet-filter mutex: " + e.getMessage());
        }
        return new CliException(ExitCode.COMMAND_FAILED, "connection reset failed: " + e.getMessage());
    }
}
