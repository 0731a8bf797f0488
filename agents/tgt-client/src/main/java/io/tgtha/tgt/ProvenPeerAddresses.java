// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import io.tgtha.process.AsciiSet;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The initiator addresses of a target's connections that no initiator's text can have written, or why none
 * can be told. An initiator may imitate further sessions of its own target in its alias (then the imitated
 * {@code IP Address:} could name any other connected host, and a drain would reset that host's connections).
 *
 * <p>The addresses come from tgtd's connection list ({@code show --mode conn --tid N}, usr/iscsi/target.c):
 * four lines per connection, in which only the initiator name is the initiator's own text; the alias is not
 * printed there. A name with a line break is printed whole in both the connection list and the target show,
 * and no line can be in both layouts (they differ in indentation and keys). So when every session of the
 * target reads as tgtd's exact four lines in the target show (no line break, not cut at 1023 bytes) and the
 * connection list is exactly tgtd's layout, no name holds a line break, and the connection list is tgtd's own
 * text. An address is then kept when the target show has the same session with the same address, and the
 * connection list was the same before and after the target show (a session that came or went in between
 * was not checked).
 *
 * @param tid       the target's tid
 * @param addresses distinct bare IP literals, in tgtd's order; empty when {@code doubt} is set
 * @param doubt     null, or why the connections' addresses cannot be told from an initiator's imitation
 */
public record ProvenPeerAddresses(int tid, List<String> addresses, String doubt) {
    private static final String SESSION = "Session: ";
    private static final String CONNECTION = "    Connection: ";
    private static final String INITIATOR = "        Initiator: ";
    private static final String IP = "        IP Address: ";
    private static final String RDMA_IP = "        RDMA IP Address: ";

    public ProvenPeerAddresses {
        addresses = List.copyOf(addresses);
    }

    public static ProvenPeerAddresses unknown(int tid, String why) {
        return new ProvenPeerAddresses(tid, List.of(), why);
    }

    /**
     * @param before the connection list of {@code target}'s tid read before the target show {@code target}
     *               comes from, {@code after} the one read after it
     */
    static ProvenPeerAddresses prove(Target target, String before, String after) {
        if (!target.certain()) {
            return unknown(target.tid(), target.doubt());
        }
        for (ItNexus n : target.nexuses()) {
            if (n.initiator() == null || n.connections().size() != 1 || n.connections().get(0).initiatorAddress() == null) {
                return unknown(target.tid(), "session " + n.id() + " of the target show holds line breaks or was cut at tgtd's "
                        + "1023 bytes, so its initiator name may write lines into the connection list");
            }
        }
        if (!before.equals(after)) {
            return unknown(target.tid(), "sessions came or went while they were read");
        }
        List<SessionConnection> listed = new ArrayList<>();
        String departure = readStrictly(before, listed);
        if (departure != null) {
            return unknown(target.tid(), departure);
        }
        Set<String> out = new LinkedHashSet<>();
        for (SessionConnection c : listed) {
            for (ItNexus n : target.nexuses()) {
                if (n.id() == c.sid() && n.connections().get(0).initiatorAddress().equals(c.initiatorAddress())) {
                    out.add(c.initiatorAddress());
                }
            }
        }
        return new ProvenPeerAddresses(target.tid(), new ArrayList<>(out), null);
    }

    /** Fills {@code out} from tgtd's exact layout; returns why not when any line departs from it. */
    private static String readStrictly(String text, List<SessionConnection> out) {
        String[] lines = text.split("\n", -1);
        int n = lines.length;
        if (!lines[n - 1].isEmpty()) {
            return "tgtd's connection list does not end with a line break";
        }
        n--;
        if (n % 4 != 0) {
            return "tgtd's connection list has " + n + " lines, not four per connection";
        }
        for (int i = 0; i < n; i += 4) {
            String sid = after(lines[i], SESSION);
            String cid = after(lines[i + 1], CONNECTION);
            String ip = after(lines[i + 3], IP);
            if (ip == null) {
                ip = after(lines[i + 3], RDMA_IP);
            }
            if (sid == null || !AsciiSet.DIGITS.matchesAll(sid, 1, 5) || cid == null
                    || !AsciiSet.DIGITS.matchesAll(cid, 1, 5) || after(lines[i + 2], INITIATOR) == null || ip == null
                    || !(ShowParser.isIpv4Address(ip) || ShowParser.isBareIpv6Address(ip))) {
                return "tgtd's connection list departs from its layout near line " + (i + 1) + ": "
                        + Printable.of(lines[i] + "|" + lines[i + 1] + "|" + lines[i + 3]);
            }
            out.add(new SessionConnection(Long.parseLong(sid), Integer.parseInt(cid), null, ip));
        }
        return null;
    }

    private static String after(String line, String prefix) {
        return line.startsWith(prefix) ? line.substring(prefix.length()) : null;
    }
}
