// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.packetfilter;

import java.util.List;
import java.util.Optional;

/** Which traffic is blocked: packets to the local ports (INPUT), from them (OUTPUT), or both. */
public enum Direction {
    IN(List.of(Chain.INPUT)),
    OUT(List.of(Chain.OUTPUT)),
    BOTH(List.of(Chain.INPUT, Chain.OUTPUT));

    private final List<Chain> chains;

    Direction(List<Chain> chains) {
        this.chains = chains;
    }

    public List<Chain> chains() {
        return chains;
    }

    public static Optional<Direction> parse(String text) {
        return switch (text.trim()) {
            case "in" -> Optional.of(IN);
            case "out" -> Optional.of(OUT);
            case "both" -> Optional.of(BOTH);
            default -> Optional.empty();
        };
    }

    /**
     * DROP on INPUT is the stock agent's behaviour and right for "block before the address comes up".
     * Anything that blocks the target's own output defaults to a TCP reset: a dropped segment leaves
     * tgtd retransmitting into the void with its Send-Q full, a reset makes it hang up at once.
     */
    public Method defaultMethod() {
        return this == IN ? Method.DROP : Method.REJECT;
    }
}
