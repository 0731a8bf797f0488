// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.iscsitarget;

import io.tgtha.agent.tgt.AddressSyntax;
import io.tgtha.ocf.text.Text;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One iSCSI portal, {@code IPv4[:port]} or {@code [IPv6][:port]} as in ocf:heartbeat:iSCSITarget's
 * {@code portals}. tgtd's portals belong to the daemon, not to a target, so the target agent only
 * checks the syntax (a typo must not pass silently) and says so in the log.
 */
public record Portal(String address, int port) {
    public static final int DEFAULT_PORT = 3260;

    /** Parses a space-separated list; throws IllegalArgumentException with the reason. */
    public static List<Portal> parseList(String text) {
        List<Portal> portals = new ArrayList<>();
        // trim() first: it also drops control characters at the ends, which whitespace splitting keeps
        for (String word : Text.words(text.trim())) {
            portals.add(parse(word));
        }
        return portals;
    }

    private static final Pattern V4 = Pattern.compile("(" + AddressSyntax.IPV4 + ")(?::(\\d{1,5}))?");
    private static final Pattern V6 = Pattern.compile("(" + AddressSyntax.BRACKETED_IPV6 + ")(?::(\\d{1,5}))?");

    /** {@code IPv4[:port]} (1-3 digits per octet, 1-5 port digits) or {@code [IPv6][:port]}. */
    public static Portal parse(String word) {
        Matcher m = V4.matcher(word);
        if (m.matches()) {
            String octet = AddressSyntax.octetAbove255(m.group(1));
            if (octet != null) {
                throw new IllegalArgumentException("portal '" + word + "': octet " + octet + " is above 255");
            }
            return new Portal(m.group(1), port(word, m.group(2)));
        }
        m = V6.matcher(word);
        if (m.matches()) {
            return new Portal(m.group(1), port(word, m.group(2)));
        }
        throw new IllegalArgumentException("portal '" + word + "' is not IPv4[:port] or [IPv6][:port]");
    }

    private static int port(String word, String digits) {
        if (digits == null) {
            return DEFAULT_PORT;
        }
        int p = Integer.parseInt(digits);
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException("portal '" + word + "': port " + p + " is outside 1-65535");
        }
        return p;
    }

    public static Optional<String> problemWith(String text) {
        try {
            if (parseList(text).isEmpty()) {
                return Optional.of("no portal given");
            }
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    @Override
    public String toString() {
        return address + ":" + port;
    }
}
