// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.tgt;

import java.util.List;

/** An I_T nexus (iSCSI session) with the connections tgtd lists for it. */
public record SessionInfo(long sid, String initiator, List<ConnectionInfo> connections) {
    public SessionInfo {
        connections = List.copyOf(connections);
    }
}
