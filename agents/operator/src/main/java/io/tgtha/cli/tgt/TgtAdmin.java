// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.tgt;

import io.tgtha.tgt.ProvenPeerAddresses;

import java.util.List;

/**
 * What the operator command needs from tgtd, in the operator's own model ({@link TargetInfo}):
 * {@link TgtClientAdmin} answers it with the tgt-client module; tests stand in for a tgtd that is down
 * or broken.
 */
public interface TgtAdmin {
    /** Every target with LUNs, accounts, ACLs and sessions. */
    List<TargetInfo> targets();

    /** The target's initiator addresses no initiator's text can have written (for resets by address). */
    ProvenPeerAddresses provenAddresses(TargetInfo target);

    /** {@code ready} or {@code offline}: offline refuses new logins and drops connections on their next command. */
    void setState(int tid, String state);
}
