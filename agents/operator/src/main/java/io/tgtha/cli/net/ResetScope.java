// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.net;

import java.util.List;

/**
 * Which connections a reset covers: local TCP port (3260) and the initiators' addresses. tgtd shows
 * only the initiator's address, not its port, so all of that initiator's connections to this port are
 * in scope; {@code localAddresses} (the portal IPs, optional) narrows it on multi-portal nodes.
 */
public record ResetScope(int port, List<String> peerAddresses, List<String> localAddresses) {
    public ResetScope {
        peerAddresses = List.copyOf(peerAddresses);
        localAddresses = List.copyOf(localAddresses);
    }

    public boolean matches(TcpSocket s) {
        return s.local().port() == port && peerAddresses.contains(s.peer().address())
                && (localAddresses.isEmpty() || localAddresses.contains(s.local().address()))
                && !s.state().equals("LISTEN");
    }

    /** ss wants IPv6 addresses in brackets in a filter ("dst ::1" is a parse error). */
    private static String ssAddress(String address) {
        return address.indexOf(':') >= 0 ? "[" + address + "]" : address;
    }

    /** ss filter expression selecting exactly {@link #matches}. */
    public String ssFilter() {
        StringBuilder f = new StringBuilder("( sport = :" + port + " and ( ");
        for (int i = 0; i < peerAddresses.size(); i++) {
            f.append(i == 0 ? "" : " or ").append("dst ").append(ssAddress(peerAddresses.get(i)));
        }
        f.append(" )");
        if (!localAddresses.isEmpty()) {
            f.append(" and ( ");
            for (int i = 0; i < localAddresses.size(); i++) {
                f.append(i == 0 ? "" : " or ").append("src ").append(ssAddress(localAddresses.get(i)));
            }
            f.append(" )");
        }
        return f.append(" )").toString();
    }
}
