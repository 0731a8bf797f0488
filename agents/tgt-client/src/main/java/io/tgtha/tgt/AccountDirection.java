// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

/** CHAP direction: incoming = initiator authenticates to the target; outgoing = mutual CHAP. */
public enum AccountDirection {
    INCOMING,
    OUTGOING
}
