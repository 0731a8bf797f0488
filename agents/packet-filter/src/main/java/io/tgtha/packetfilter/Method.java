// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.packetfilter;

import java.util.Optional;

/** What happens to a blocked packet: silently dropped, or answered with a TCP reset / ICMP unreachable. */
public enum Method {
    DROP, REJECT;

    public static Optional<Method> parse(String text) {
        return switch (text.trim()) {
            case "drop" -> Optional.of(DROP);
            case "reject" -> Optional.of(REJECT);
            default -> Optional.empty();
        };
    }
}
