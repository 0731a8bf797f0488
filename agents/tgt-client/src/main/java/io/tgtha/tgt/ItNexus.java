// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import java.util.List;

/**
 * An I_T nexus (an iSCSI session; {@code id} is the session's TSIH, usable as {@code sid}).
 * tgtd records the connection it was created with; later connections of a multi-connection
 * session only appear in {@link TgtClient#connections(int)}.
 */
public record ItNexus(long id, String initiator, String alias, List<IscsiConnection> connections) {
    public ItNexus {
        connections = List.copyOf(connections);
    }

    /** Addresses of the connections listed, in order. */
    public List<String> initiatorAddresses() {
        List<String> addresses = new java.util.ArrayList<>(connections.size());
        for (IscsiConnection c : connections) {
            addresses.add(c.initiatorAddress());
        }
        return List.copyOf(addresses); // target stop: cold path, see docs/architecture.md, "House rules"
    }
}
