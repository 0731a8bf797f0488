// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.net;

import io.tgtha.packetfilter.ConnectionReset.Outcome;
import io.tgtha.packetfilter.FirewallChoice;
import io.tgtha.packetfilter.IpPrefix;
import io.tgtha.packetfilter.PacketFilterException;
import io.tgtha.packetfilter.PortList;
import io.tgtha.ocf.Deadline;
import io.tgtha.ocf.exec.CommandException;
import io.tgtha.ocf.exec.CommandRunner;
import io.tgtha.ocf.lock.MutexTimeoutException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The drain by portal address ({@code drain --portal}) with the packet-filter library's reset, the one the
 * portblock agent uses on unblock (an OUTPUT REJECT tcp-reset rule plus {@code ss -K}, under PACKET_FILTER):
 * every connection to those local addresses is reset, which is what a Pacemaker group with its own portal IP
 * means by "the target's connections". The library removes the rule again before it returns.
 */
public final class PortblockConnectionReset extends PacketFilterConnectionReset {

    public PortblockConnectionReset(CommandRunner runner, Path lockDir, SocketSource sockets) {
        super(runner, lockDir, sockets);
    }

    @Override
    boolean block(io.tgtha.packetfilter.ConnectionReset library, ResetScope scope)
            throws PacketFilterException, CommandException, MutexTimeoutException, IOException {
        Outcome o = library.drain(String.join(",", scope.localAddresses()), Integer.toString(scope.port()), false,
                FirewallChoice.AUTO, mutex());
        return o.destroyed() != 0;
    }

    @Override
    public void lift(ResetScope scope, Deadline deadline) {
        // nothing: ConnectionReset.drain(keepBlocked=false) removed the rules it added
    }

    @Override
    boolean resets(ResetScope scope, TcpSocket s) {
        return s.local().port() == scope.port() && scope.localAddresses().contains(s.local().address())
                && !s.state().equals("LISTEN");
    }

    @Override
    void destroy(io.tgtha.packetfilter.ConnectionReset library, ResetScope scope) throws CommandException {
        library.destroySockets(IpPrefix.parseList(String.join(",", scope.localAddresses())),
                PortList.parse(Integer.toString(scope.port())), DESTROY_WAIT);
    }
}
