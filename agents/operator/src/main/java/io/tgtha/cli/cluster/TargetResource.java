// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.cluster;

import java.util.List;

/**
 * A Pacemaker primitive that configures a target (it has an {@code iqn} instance attribute), and the
 * group it belongs to. Moving a target means moving the group when there is one (IP, portblock,
 * target and LUNs travel together), the primitive otherwise.
 *
 * @param portalAddresses the target's own portal IPs: its {@code portals} parameter, else the floating
 *                        IPs (IPaddr2/IPaddr) of its group; empty when unknown or a wildcard. They tell
 *                        which TCP connections of an initiator host belong to this target.
 */
public record TargetResource(String primitive, String group, String iqn, String agent, List<String> portalAddresses) {
    public TargetResource {
        portalAddresses = List.copyOf(portalAddresses);
    }

    public String movable() {
        return group != null ? group : primitive;
    }
}
