// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.packetfilter;

import java.util.Optional;

/** The firewall parameter: which packet-filter front end to drive. */
public enum FirewallChoice {
    /** iptables/ip6tables when installed (what a drop-in for the stock agent is expected to touch), else nft. */
    AUTO,
    IPTABLES,
    NFT;

    public static Optional<FirewallChoice> parse(String text) {
        return switch (text.trim()) {
            case "auto" -> Optional.of(AUTO);
            case "iptables" -> Optional.of(IPTABLES);
            case "nft" -> Optional.of(NFT);
            default -> Optional.empty();
        };
    }
}
