// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.packetfilter;

import io.tgtha.process.AsciiSet;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A portno value: ports and ranges such as {@code 3260} or {@code 3260,5000:5010} (the stock agent's
 * syntax; {@code 5000-5010} is accepted too). Kept in canonical form (decimal, no leading zeros):
 * {@code iptables -C} does not match a rule given as {@code 03260} against one stored as {@code 3260}.
 */
public final class PortList {
    /** One xt_multiport rule takes at most 15 ports, a range counting as two. */
    static final int MULTIPORT_SLOTS = 15;

    /** An inclusive port range; a single port has {@code first == last}. */
    public record Range(int first, int last) {
        public boolean isSingle() {
            return first == last;
        }

        public boolean contains(int port) {
            return port >= first && port <= last;
        }

        String iptables() {
            return isSingle() ? Integer.toString(first) : first + ":" + last;
        }

        String nft() {
            return isSingle() ? Integer.toString(first) : first + "-" + last;
        }
    }

    private final List<Range> ranges;

    private PortList(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /** @throws IllegalArgumentException with a one-line reason fit for an exit reason */
    public static PortList parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("no port given");
        }
        List<Range> ranges = new ArrayList<>();
        for (String item : trimmed.split(",", -1)) {
            String part = item.trim();
            if (part.isEmpty()) {
                throw new IllegalArgumentException("empty item in port list");
            }
            int separator = rangeSeparator(part, 0);
            if (separator >= 0 && rangeSeparator(part, separator + 1) >= 0) {
                throw new IllegalArgumentException("'" + part + "' is not a port or a range like 5000:5010");
            }
            int first = port(separator < 0 ? part : part.substring(0, separator), part);
            int last = separator >= 0 ? port(part.substring(separator + 1), part) : first;
            if (last < first) {
                throw new IllegalArgumentException("range '" + part + "' ends before it starts");
            }
            ranges.add(new Range(first, last));
        }
        PortList list = new PortList(ranges);
        if (list.slots() > MULTIPORT_SLOTS) {
            throw new IllegalArgumentException("more than " + MULTIPORT_SLOTS
                    + " ports (a range counts as two), the limit of one multiport rule");
        }
        return list;
    }

    /** The index of the first ':' or '-' (both separate a range) at or after {@code from}, or -1. */
    private static int rangeSeparator(String part, int from) {
        for (int i = from; i < part.length(); i++) {
            if (part.charAt(i) == ':' || part.charAt(i) == '-') {
                return i;
            }
        }
        return -1;
    }

    private static int port(String digits, String item) {
        String d = digits.trim();
        if (!AsciiSet.DIGITS.matchesAll(d, 1, 5)) {
            throw new IllegalArgumentException("'" + item + "' is not a port or a range like 5000:5010");
        }
        int n = Integer.parseInt(d);
        if (n < 1 || n > 65535) {
            throw new IllegalArgumentException("port " + d + " is outside 1-65535");
        }
        return n;
    }

    public List<Range> ranges() {
        return ranges;
    }

    int slots() {
        return ranges.stream().mapToInt(r -> r.isSingle() ? 1 : 2).sum();
    }

    public boolean contains(int port) {
        return ranges.stream().anyMatch(r -> r.contains(port));
    }

    /** {@code 3260,5000:5010}, as iptables -S prints a multiport list. */
    public String iptables() {
        return ranges.stream().map(Range::iptables).collect(Collectors.joining(","));
    }

    /** {@code 3260} or {@code { 3260, 5000-5010 }}. */
    public String nft() {
        return ranges.size() == 1 ? ranges.get(0).nft()
                : ranges.stream().map(Range::nft).collect(Collectors.joining(", ", "{ ", " }"));
    }

    /** An ss(8) filter on the local port, e.g. {@code ( sport = :3260 or ( sport >= :5000 and sport <= :5010 ) )}. */
    String ssLocalPortFilter() {
        return ranges.stream().map(r -> r.isSingle() ? "sport = :" + r.first()
                        : "( sport >= :" + r.first() + " and sport <= :" + r.last() + " )")
                .collect(Collectors.joining(" or ", "( ", " )"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PortList p && p.ranges.equals(ranges);
    }

    @Override
    public int hashCode() {
        return ranges.hashCode();
    }

    @Override
    public String toString() {
        return iptables();
    }
}
