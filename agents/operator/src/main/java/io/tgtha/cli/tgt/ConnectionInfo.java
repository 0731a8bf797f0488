// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.tgt;

/** One iSCSI connection: connection id and the initiator's IP address (tgtd does not show its port). */
public record ConnectionInfo(int cid, String address) {
}
