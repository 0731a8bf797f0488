// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: drain reset the connections of any connected host whose address an initiator imitated in a
 * session of its own target. Outputs in tgtd's exact layouts (usr/target.c, usr/iscsi/target.c); the same
 * attacks against the real daemon: ForgedInitiatorTextLabTest (operator).
 */
class ProvenPeerAddressesTest {
    private static final TargetName A = new TargetName(1, "iqn.2026-01.test:a");
    private static final String VICTIM = "10.0.0.99";

    /** One entry of {@code show --mode conn --tid N}, as iscsi_target_show_connections prints it. */
    static String connection(long sid, String name, String address) {
        return "Session: " + sid + "\n    Connection: 0\n        Initiator: " + name + "\n        IP Address: " + address + "\n";
    }

    static Target target(String sessions) {
        String text = TargetShowReaderTest.head(A, "ready") + sessions + TargetShowReaderTest.tail(A, true, "ALL");
        return TargetShowReader.read(text, List.of(A)).get(0);
    }

    @Test
    void honestSessionsAreProven() {
        Target t = target(TargetShowReaderTest.session(1, "iqn.2026-01.init:x", "none", "10.0.0.5")
                + TargetShowReaderTest.session(2, "iqn.2026-01.init:y", "y", "fd00::7"));
        String conns = connection(1, "iqn.2026-01.init:x", "10.0.0.5") + connection(2, "iqn.2026-01.init:y", "fd00::7");
        ProvenPeerAddresses p = ProvenPeerAddresses.prove(t, conns, conns);
        assertNull(p.doubt());
        assertEquals(List.of("10.0.0.5", "fd00::7"), p.addresses());
    }

    @Test
    void aSessionImitatedInAnAliasNamingAnotherHostIsNotProven() {
        String forged = "x\n            Connection: 0\n                IP Address: " + VICTIM + "\n        I_T nexus: 77\n"
                + "            Initiator: iqn.2026-01.evil:ghost alias: none";
        Target t = target(TargetShowReaderTest.session(4, "iqn.2026-01.evil:a", forged, "10.0.0.66")
                + TargetShowReaderTest.session(5, "iqn.2026-01.init:x", "none", "10.0.0.5"));
        assertTrue(t.certain(), "the imitation reads like two sessions of A");
        String conns = connection(4, "iqn.2026-01.evil:a", "10.0.0.66") + connection(5, "iqn.2026-01.init:x", "10.0.0.5");
        ProvenPeerAddresses p = ProvenPeerAddresses.prove(t, conns, conns);
        assertNull(p.doubt());
        assertEquals(List.of("10.0.0.5"), p.addresses(), "the honest session only: the alias's session 4 names " + VICTIM);
    }

    @Test
    void anImitationWrittenIntoBothListsIsToldByTheNamesLineBreaks() {
        String name = "iqn.2026-01.evil:e\n        IP Address: " + VICTIM + "\nSession: 9\n    Connection: 0\n"
                + "        Initiator: iqn.2026-01.evil:f";
        String alias = "x\n            Connection: 0\n                IP Address: " + VICTIM + "\n        I_T nexus: 9\n"
                + "            Initiator: iqn.2026-01.evil:g alias: none";
        Target t = target(TargetShowReaderTest.session(4, name, alias, "10.0.0.66"));
        String conns = connection(4, name, "10.0.0.66");
        ProvenPeerAddresses p = ProvenPeerAddresses.prove(t, conns, conns);
        assertNotNull(p.doubt());
        assertEquals(List.of(), p.addresses());
    }

    @Test
    void aSessionCutAtTgtdsBufferIsNotProven() {
        // a name longer than the target show's 1023 bytes: its tail is only in the connection list
        String name = "iqn.2026-01.evil:" + "z".repeat(1100) + "\n        IP Address: " + VICTIM + "\nSession: 9\n"
                + "    Connection: 0\n        Initiator: iqn.2026-01.evil:f";
        Target t = target(TargetShowReaderTest.session(4, name, "none", "10.0.0.66"));
        String conns = connection(4, name, "10.0.0.66");
        ProvenPeerAddresses p = ProvenPeerAddresses.prove(t, conns, conns);
        assertNotNull(p.doubt());
        assertEquals(List.of(), p.addresses());
    }

    @Test
    void aConnectionListOutOfLayoutIsNotTrusted() {
        Target t = target(TargetShowReaderTest.session(1, "iqn.2026-01.init:x", "none", "10.0.0.5"));
        String conns = connection(1, "iqn.2026-01.init:x", "10.0.0.5") + "        IP Address: " + VICTIM + "\n";
        ProvenPeerAddresses p = ProvenPeerAddresses.prove(t, conns, conns);
        assertNotNull(p.doubt());
        assertEquals(List.of(), p.addresses());
    }

    @Test
    void sessionsThatCameOrWentBetweenTheReadsAreNotTrusted() {
        Target t = target(TargetShowReaderTest.session(1, "iqn.2026-01.init:x", "none", "10.0.0.5"));
        String before = connection(1, "iqn.2026-01.init:x", "10.0.0.5");
        ProvenPeerAddresses p = ProvenPeerAddresses.prove(t, before, before + connection(2, "iqn.2026-01.init:y", VICTIM));
        assertNotNull(p.doubt());
        assertEquals(List.of(), p.addresses());
    }

    @Test
    void noSessionsNoAddresses() {
        ProvenPeerAddresses p = ProvenPeerAddresses.prove(target(""), "", "");
        assertNull(p.doubt());
        assertEquals(List.of(), p.addresses());
    }
}
