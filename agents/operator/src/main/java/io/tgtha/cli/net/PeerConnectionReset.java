// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.net;

import io.tgtha.cli.CliException;
import io.tgtha.cli.ExitCode;
import io.tgtha.ocf.Deadline;
import io.tgtha.ocf.exec.CommandException;
import io.tgtha.ocf.exec.CommandRunner;
import io.tgtha.ocf.lock.MutexTimeoutException;
import io.tgtha.packetfilter.FirewallChoice;
import io.tgtha.packetfilter.IpPrefix;
import io.tgtha.packetfilter.PacketFilterException;
import io.tgtha.packetfilter.PortList;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The drain of chosen initiators with the packet-filter library's reset: reject rules on OUTPUT towards those
 * initiators only (narrowed to the targets' portals when known), iptables or nft, under PACKET_FILTER, and
 * {@code ss -K} of their sockets; the rules stay until {@link #lift}. Other targets' initiators on the same
 * portal keep their connections.
 */
public final class PeerConnectionReset extends PacketFilterConnectionReset {

    public PeerConnectionReset(CommandRunner runner, Path lockDir, SocketSource sockets) {
        super(runner, lockDir, sockets);
    }

    @Override
    boolean block(io.tgtha.packetfilter.ConnectionReset library, ResetScope scope)
            throws PacketFilterException, CommandException, MutexTimeoutException, IOException {
        library.resetTowards(prefixes(scope.peerAddresses()), prefixes(scope.localAddresses()), port(scope),
                FirewallChoice.AUTO, mutex());
        return true;
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

    @Override
    boolean resets(ResetScope scope, TcpSocket socket) {
        return scope.matches(socket);
    }

    @Override
    void destroy(io.tgtha.packetfilter.ConnectionReset library, ResetScope scope) throws CommandException {
        library.destroyTowards(prefixes(scope.peerAddresses()), prefixes(scope.localAddresses()), port(scope),
                DESTROY_WAIT);
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
}
