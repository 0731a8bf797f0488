// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.packetfilter;

import io.tgtha.ocf.text.Text;
import io.tgtha.process.AsciiSet;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * An IPv4 or IPv6 address or network, e.g. {@code 10.0.0.1}, {@code 10.0.0.0/24}, {@code fd00::1}; an IPv6
 * address may be written in brackets as in a target portal ({@code [fd00::1]}, {@code [fd00::]/64}).
 * Only literals are accepted (never a name: a DNS lookup inside a cluster operation can hang), and
 * the value is kept in the canonical form iptables -S prints ({@code 10.0.0.1/32}), host bits cleared.
 */
public final class IpPrefix {
    public enum Family { IPV4, IPV6 }

    /** The characters of an IPv4 literal, and of an IPv6 one (which may end in dotted IPv4). */
    private static final AsciiSet IPV4_CHARS = AsciiSet.of("0-9.");
    private static final AsciiSet IPV6_CHARS = AsciiSet.of("0-9A-Fa-f:.");

    private final Family family;
    private final byte[] address;
    private final int length;

    private IpPrefix(Family family, byte[] address, int length) {
        this.family = family;
        this.address = address;
        this.length = length;
    }

    /** @throws IllegalArgumentException with a one-line reason */
    public static IpPrefix parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("empty address");
        }
        String addr = t;
        Integer len = null;
        int slash = t.indexOf('/');
        if (slash >= 0) {
            addr = t.substring(0, slash);
            String l = t.substring(slash + 1);
            if (!AsciiSet.DIGITS.matchesAll(l, 1, 3)) {
                throw new IllegalArgumentException("'" + t + "': prefix length must be a number");
            }
            len = Integer.parseInt(l);
        }
        // "[fd00::1]", as target portals write IPv6 (issue 13): the same address as the bare form
        boolean bracketed = addr.length() > 2 && addr.charAt(0) == '[' && addr.charAt(addr.length() - 1) == ']';
        if (bracketed) {
            addr = addr.substring(1, addr.length() - 1);
        }
        byte[] bytes;
        Family family;
        if (IPV4_CHARS.matchesAll(addr) && !bracketed) {
            bytes = parseIpv4(addr, t);
            family = Family.IPV4;
        } else if (addr.contains(":") && IPV6_CHARS.matchesAll(addr)) {
            bytes = parseIpv6(addr, t);
            family = Family.IPV6;
        } else {
            throw new IllegalArgumentException("'" + t + "' is not an IPv4 or IPv6 address");
        }
        int max = bytes.length * 8;
        int length = len == null ? max : len;
        if (length > max) {
            throw new IllegalArgumentException("'" + t + "': prefix length above " + max);
        }
        clearHostBits(bytes, length);
        return new IpPrefix(family, bytes, length);
    }

    /** Every address of a family: {@code 0.0.0.0/0} or {@code ::/0}. */
    public static IpPrefix any(Family family) {
        return new IpPrefix(family, new byte[family == Family.IPV4 ? 4 : 16], 0);
    }

    /** A comma- or space-separated list of addresses, at least one. */
    public static List<IpPrefix> parseList(String text) {
        List<IpPrefix> list = new ArrayList<>();
        // trim() first: it also drops leading/trailing control characters that are not separators
        for (String item : Text.words(text == null ? "" : text.trim(), ",")) {
            IpPrefix p = parse(item);
            if (!list.contains(p)) {
                list.add(p);
            }
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException("no address given");
        }
        return list;
    }

    private static byte[] parseIpv4(String addr, String whole) {
        String[] parts = addr.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("'" + whole + "' is not an IPv4 address");
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (!AsciiSet.DIGITS.matchesAll(parts[i], 1, 3) || Integer.parseInt(parts[i]) > 255) {
                throw new IllegalArgumentException("'" + whole + "' is not an IPv4 address");
            }
            b[i] = (byte) Integer.parseInt(parts[i]);
        }
        return b;
    }

    private static byte[] parseIpv6(String addr, String whole) {
        // the character check above guarantees a literal: InetAddress never does a lookup for it
        try {
            InetAddress a = InetAddress.getByName(addr.contains(":") ? "[" + addr + "]" : addr);
            if (a instanceof Inet6Address) {
                return a.getAddress();
            }
            // an IPv4-mapped literal (::ffff:1.2.3.4) comes back as IPv4: not something to filter on
            throw new IllegalArgumentException("'" + whole + "': IPv4-mapped IPv6 addresses are not supported");
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + whole + "' is not an IPv6 address");
        }
    }

    private static void clearHostBits(byte[] b, int length) {
        for (int bit = length; bit < b.length * 8; bit++) {
            b[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
    }

    public Family family() {
        return family;
    }

    public int length() {
        return length;
    }

    /** 0.0.0.0/0 or ::/0: every address of the family, so no address match at all. */
    public boolean isAny() {
        return length == 0;
    }

    public boolean isHost() {
        return length == address.length * 8;
    }

    public boolean contains(InetAddress a) {
        byte[] other = a.getAddress();
        if (other.length != address.length) {
            return false;
        }
        for (int bit = 0; bit < length; bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((other[bit / 8] & mask) != (address[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** The address without the prefix length, e.g. {@code 10.0.0.1} or {@code fd00::1}. */
    public String addressText() {
        if (family == Family.IPV4) {
            return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "." + (address[3] & 0xff);
        }
        return compressIpv6(address);
    }

    /** {@code 10.0.0.1/32}, {@code fd00::/64}: iptables -S form. */
    public String cidr() {
        return addressText() + "/" + length;
    }

    /** The address alone for a host, CIDR otherwise: how nft prints and ss filters take it. */
    public String shortText() {
        return isHost() ? addressText() : cidr();
    }

    /** RFC 5952 text: lower case, longest run of two or more zero groups shortened to "::". */
    static String compressIpv6(byte[] a) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen && j - i >= 2) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpPrefix p && p.length == length && java.util.Arrays.equals(p.address, address);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(address) * 31 + length;
    }

    @Override
    public String toString() {
        return cidr();
    }
}
