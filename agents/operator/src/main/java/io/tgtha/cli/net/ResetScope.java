// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.net;

import java.util.List;

/**
 * Which connections a reset covers: local TCP port (3260) and the initiators' addresses. tgtd shows
 * only the initiator's address, not its port, so all of that initiator's connections to this port are
 * in scope; {@code localAddresses} (the portal IPs, optional) narrows it on multi-portal nodes.
 */
public record ResetScope(int port, List<String> peerAddresses, List<String> localAddresses) {
    public ResetScope {
        peerAddresses = List.copyOf(peerAddresses);
        localAddresses = List.copyOf(localAddresses);
    }

    public boolean matches(TcpSocket s) {
        return s.local().port() == port && peerAddresses.contains(s.peer().address())
                && (localAddresses.isEmpty() || localAddresses.contains(s.local().address()))
                && !s.state().equals("LISTEN");
    }
}
