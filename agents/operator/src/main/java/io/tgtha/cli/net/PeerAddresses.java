// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.net;

import io.tgtha.tgt.ProvenPeerAddresses;
import io.tgtha.cli.tgt.TargetInfo;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The initiator addresses drain may reset. An initiator can imitate further sessions of its own target in
 * its name or alias (docs/security.md), with any address in them, also that of another connected host; so
 * the addresses come only from {@link ProvenPeerAddresses} (tgtd's connection list, cross-checked with the
 * target show), and of those only a literal unicast host address that has a TCP socket to the portal port
 * right now is kept.
 */
public final class PeerAddresses {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private PeerAddresses() {
    }

    public static Set<String> toReset(List<TargetInfo> targets, List<ProvenPeerAddresses> proven, List<TcpSocket> socketsNow,
                                      PrintWriter warnings) {
        Set<String> out = new LinkedHashSet<>();
        for (TargetInfo t : targets) {
            ProvenPeerAddresses p = proven.stream().filter(x -> x.tid() == t.tid()).findFirst()
                    .orElse(ProvenPeerAddresses.unknown(t.tid(), "its connections were not read"));
            if (p.doubt() != null) {
                warnings.println("tgtha: target " + t.tid() + " " + t.iqn() + ": its connections' addresses cannot be "
                        + "told from an initiator's imitation (" + p.doubt() + "); no connection is reset by address for it");
                continue;
            }
            for (String a : p.addresses()) {
                if (!isHostAddress(a)) {
                    warnings.println("tgtha: target " + t.tid() + " " + t.iqn() + ": session address '" + a
                            + "' is not a host address; nothing is reset for it");
                } else if (socketsNow.stream().anyMatch(s -> s.peer().address().equals(a))) {
                    out.add(a);
                }
            }
        }
        warnings.flush();
        return out;
    }

    /** A literal unicast address (no name lookup): not 0.0.0.0, ::, broadcast, multicast or a prefix. */
    static boolean isHostAddress(String a) {
        if (!(IPV4.matcher(a).matches() || IPV6.matcher(a).matches())) {
            return false;
        }
        try {
            InetAddress ip = InetAddress.getByName(a); // a literal: parsed, never looked up
            return !ip.isAnyLocalAddress() && !ip.isMulticastAddress() && !a.equals("255.255.255.255");
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
