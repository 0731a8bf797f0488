// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.portblock;

import java.util.Optional;

/**
 * The role of a portblock instance. A "block" instance has the rules while it is started; an
 * "unblock" instance has them while it is stopped (it lifts the block on start and puts it back on
 * stop), exactly as in ocf:heartbeat:portblock.
 */
public enum BlockAction {
    BLOCK, UNBLOCK;

    public static Optional<BlockAction> parse(String text) {
        return switch (text.trim()) {
            case "block" -> Optional.of(BLOCK);
            case "unblock" -> Optional.of(UNBLOCK);
            default -> Optional.empty();
        };
    }
}
