// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.packetfilter;

import java.util.Locale;
import java.util.Optional;

/** The transport protocols portblock filters; the stock agent knows the same two. */
public enum Protocol {
    TCP, UDP;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Protocol> parse(String text) {
        return switch (text.trim()) {
            case "tcp" -> Optional.of(TCP);
            case "udp" -> Optional.of(UDP);
            default -> Optional.empty();
        };
    }
}
