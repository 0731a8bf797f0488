// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.net;

import io.tgtha.cli.tgt.TargetInfo;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The initiator addresses drain may reset, from tgtd's session list. An initiator can imitate further
 * sessions of its own target in its name or alias (docs/security.md), and an imitated {@code IP Address:}
 * line must not widen the reset: only a literal unicast host address that has a TCP socket to the portal
 * port right now is kept. (An imitation naming another host that is connected stays possible: then that
 * host's connections are reset as if it had a session with the drained target; see the operator guide.)
 */
public final class PeerAddresses {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private PeerAddresses() {
    }

    public static Set<String> toReset(List<TargetInfo> targets, List<TcpSocket> socketsNow, PrintWriter warnings) {
        Set<String> out = new LinkedHashSet<>();
        for (TargetInfo t : targets) {
            for (String a : t.initiatorAddresses()) {
                if (!isHostAddress(a)) {
                    warnings.println("tgtha: target " + t.tid() + " " + t.iqn() + ": session address '" + a
                            + "' is not a host address (an initiator's text imitating tgtd's?); nothing is reset for it");
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
