// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.tgt;

/**
 * The address forms tgtd takes in the target agent's {@code portals} and in {@code allowed_initiators}
 * ({@link InitiatorAcl}): a dotted quad, or an IPv6 address in brackets. Each caller adds its own suffix (a port, a
 * prefix length) and its own wording of a refusal.
 */
public final class AddressSyntax {
    /** Four parts of 1-3 digits; {@link #octetAbove255} says whether one is out of range. */
    public static final String IPV4 = "\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}";
    /** Hex digits, ':' and '.' in brackets, at least one ':'. */
    public static final String BRACKETED_IPV6 = "\\[[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*]";

    private AddressSyntax() {
    }

    /** The first part of {@code quad} (which matches {@link #IPV4}) above 255, or null when there is none. */
    public static String octetAbove255(String quad) {
        for (String octet : quad.split("\\.")) {
            if (Integer.parseInt(octet) > 255) {
                return octet;
            }
        }
        return null;
    }
}
