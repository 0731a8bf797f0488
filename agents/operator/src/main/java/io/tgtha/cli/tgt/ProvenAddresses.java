// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.tgt;

import java.util.List;

/**
 * A target's initiator addresses that tgtd printed itself (never an initiator's imitation), or why they
 * cannot be told: then {@code addresses} is empty.
 */
public record ProvenAddresses(int tid, List<String> addresses, String doubt) {
    public ProvenAddresses {
        addresses = List.copyOf(addresses);
    }
}
