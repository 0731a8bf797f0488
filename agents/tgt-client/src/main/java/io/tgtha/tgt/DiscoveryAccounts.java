// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import java.util.List;

/**
 * Accounts bound to tgtd's discovery sessions (SendTargets): tgtadm's account bind without {@code --tid},
 * tgtd's GLOBAL_TID. Shown by {@code show --mode system} under "Account information:".
 *
 * @param incoming in tgtd's slot order (it matters for hole-free unbinding, as for targets)
 * @param outgoing null when none
 */
public record DiscoveryAccounts(List<String> incoming, String outgoing) {
    public DiscoveryAccounts {
        incoming = List.copyOf(incoming);
    }

    public boolean binds(String user, AccountDirection direction) {
        return direction == AccountDirection.INCOMING ? incoming.contains(user) : user.equals(outgoing);
    }
}
