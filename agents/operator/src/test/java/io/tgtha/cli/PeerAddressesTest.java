// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import io.tgtha.cli.net.PeerAddresses;
import io.tgtha.cli.net.SsParser;
import io.tgtha.cli.net.TcpSocket;
import io.tgtha.cli.tgt.ConnectionInfo;
import io.tgtha.tgt.ProvenPeerAddresses;
import io.tgtha.cli.tgt.SessionInfo;
import io.tgtha.cli.tgt.TargetInfo;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 17: an imitated "IP Address: 0.0.0.0" session made drain reset with a catch-all address. */
class PeerAddressesTest {
    static TargetInfo withSessionsFrom(String... addresses) {
        List<SessionInfo> sessions = new java.util.ArrayList<>();
        long sid = 1;
        for (String a : addresses) {
            sessions.add(new SessionInfo(sid++, "iqn.x:i", List.of(new ConnectionInfo(0, a))));
        }
        return new TargetInfo(1, "iqn.x:t", "offline", List.of(), List.of(), List.of("ALL"), sessions, null);
    }

    @Test
    void onlyConnectedLiteralHostAddressesAreReset() {
        List<TcpSocket> now = SsParser.parse(Captured.read("ss-load-tnie.txt"));
        String connected = now.get(0).peer().address();
        StringWriter warnings = new StringWriter();
        List<String> listed = List.of(connected, "0.0.0.0", "0.0.0.0/0", "::", "224.0.0.1", "255.255.255.255",
                "evil.example.com", "10.9.9.9");
        var kept = PeerAddresses.toReset(List.of(withSessionsFrom(listed.toArray(String[]::new))),
                List.of(new ProvenPeerAddresses(1, listed, null)), now, new PrintWriter(warnings));
        assertThat(kept).containsExactly(connected);
        assertThat(warnings.toString()).contains("'0.0.0.0' is not a host address").contains("'0.0.0.0/0'")
                .contains("'::'").contains("'224.0.0.1'").contains("'evil.example.com'")
                .doesNotContain("10.9.9.9"); // a real-looking address without a connection: nothing to reset
    }

    /** Issue 17: the target show's own addresses (an alias may imitate any connected host) are never reset. */
    @Test
    void anAddressTheConnectionListDidNotProveIsNeverReset() {
        List<TcpSocket> now = SsParser.parse(Captured.read("ss-load-tnie.txt"));
        String connected = now.get(0).peer().address();
        StringWriter warnings = new StringWriter();
        var kept = PeerAddresses.toReset(List.of(withSessionsFrom(connected)),
                List.of(new ProvenPeerAddresses(1, List.of(), "session 3 of the target show holds line breaks")), now,
                new PrintWriter(warnings));
        assertThat(kept).isEmpty();
        assertThat(warnings.toString()).contains("target 1 iqn.x:t").contains("session 3 of the target show holds line breaks")
                .contains("no connection is reset by address for it");
    }
}
