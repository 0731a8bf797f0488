// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

/** A row of {@code --op show --mode conn --tid N}: enough to close it with {@link TgtClient#closeConnection}. */
public record SessionConnection(long sid, int cid, String initiator, String initiatorAddress) {
}
