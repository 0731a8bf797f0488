// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

/** One iSCSI connection of a session: connection id and the initiator's IP address as tgtd saw it. */
public record IscsiConnection(int cid, String initiatorAddress) {
}
