// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The show output an initiator can write into (its name and alias, printed raw by tgtd) never gives the
 * reader a forged fact: in tgtd's exact layout, built here the way usr/target.c and usr/iscsi/session.c
 * print it. The same attacks against the real daemon: HostileInitiatorTextAgainstRealTgtdTest.
 */
class TargetShowReaderTest {
    private static final TargetName A = new TargetName(1, "iqn.2026-01.test:a");
    private static final TargetName B = new TargetName(3, "iqn.2026-01.test:b");
    private static final TargetName C = new TargetName(5, "iqn.2026-01.test:c");

    static String head(TargetName t, String state) {
        return "Target " + t.tid() + ": " + t.iqn() + "\n    System information:\n        Driver: iscsi\n"
                + "        State: " + state + "\n    I_T nexus information:\n";
    }

    /** A session as tgtd prints it: the info text cut at 1023 bytes like snprintf(info, 1024, ...). */
    static String session(long id, String name, String alias, String address) {
        String info = "            Initiator: " + name + " alias: " + alias + "\n            Connection: 0\n"
                + "                IP Address: " + address + "\n";
        return "        I_T nexus: " + id + "\n" + (info.length() > 1023 ? info.substring(0, 1023) : info);
    }

    static String lun(long n, String type, String path) {
        return "        LUN: " + n + "\n            Type: " + type + "\n            SCSI ID: IET     000" + n
                + "0000\n            SCSI SN: beaf" + n + "0\n            Size: " + (n == 0 ? 0 : 105)
                + " MB, Block size: " + (n == 0 ? 1 : 512) + "\n            Online: Yes\n"
                + "            Removable media: No\n            Prevent removal: No\n            Readonly: No\n"
                + "            SWP: No\n            Thin-provisioning: No\n            Backing store type: "
                + (n == 0 ? "null" : "rdwr") + "\n            Backing store path: " + path + "\n"
                + "            Backing store flags: \n";
    }

    static String tail(TargetName t, boolean dataLun, String... acl) {
        StringBuilder b = new StringBuilder("    LUN information:\n").append(lun(0, "controller", "None"));
        if (dataLun) {
            b.append(lun(1, "disk", "/srv/" + t.tid() + ".img"));
        }
        b.append("    Account information:\n        alice\n    ACL information:\n");
        for (String a : acl) {
            b.append("        ").append(a).append('\n');
        }
        return b.toString();
    }

    static Target only(List<Target> targets, TargetName n) {
        for (Target t : targets) {
            if (t.tid() == n.tid()) {
                assertEquals(n.iqn(), t.iqn());
                return t;
            }
        }
        throw new AssertionError("no target " + n + " in " + targets);
    }

    @Test
    void benignOutputIsReadWhole() {
        String text = head(A, "ready") + session(1, "iqn.2026-01.init:x", "none", "10.0.0.5") + tail(A, true, "ALL")
                + head(B, "offline") + tail(B, false, "10.0.0.0/24", "iqn.2026-01.init:y");
        List<Target> targets = TargetShowReader.read(text, List.of(A, B));
        Target a = only(targets, A);
        assertTrue(a.certain());
        assertEquals(TargetState.READY, a.state());
        assertEquals(List.of("10.0.0.5"), a.nexuses().get(0).initiatorAddresses());
        assertNull(a.nexuses().get(0).alias());
        assertEquals(2, a.luns().size());
        assertEquals("/srv/1.img", a.lun(1).orElseThrow().backingStorePath());
        assertEquals(List.of("alice"), a.incomingAccounts());
        Target b = only(targets, B);
        assertTrue(b.certain());
        assertEquals(TargetState.OFFLINE, b.state());
        assertEquals(List.of("10.0.0.0/24"), b.aclAddresses());
        assertEquals(List.of("iqn.2026-01.init:y"), b.aclInitiatorNames());
    }

    /** The reproduction of the hostile-input issue: a login to A forges an offline B and an overlong tid. */
    @Test
    void forgedBlockOfTheNextTargetNeitherChangesItNorBreaksTheParse() {
        String forged = "x\nTarget 3: iqn.2026-01.test:b\n    System information:\n        Driver: iscsi\n"
                + "        State: offline";
        String text = head(A, "ready") + session(1, "iqn.2026-01.evil:n\nTarget 99999999999: x", forged, "10.0.0.9")
                + tail(A, false, "ALL") + head(B, "ready") + tail(B, true, "ALL");
        List<Target> targets = TargetShowReader.read(text, List.of(A, B));
        Target b = only(targets, B);
        assertTrue(b.certain(), b.doubt());
        assertEquals(TargetState.READY, b.state());
        assertEquals(2, b.luns().size());
        Target a = only(targets, A);
        assertTrue(a.certain(), "the whole forgery sits inside the session's own text: " + a.doubt());
        assertEquals(TargetState.READY, a.state());
        assertEquals(1, a.nexuses().size());
        assertNull(a.nexuses().get(0).initiator(), "a name with line breaks is not taken as a name");
        assertEquals(List.of("10.0.0.9"), a.nexuses().get(0).initiatorAddresses());
        assertEquals(2, targets.size());
    }

    @Test
    void forgedCopyOfAnEarlierTargetAfterItsRealBlockIsNotTaken() {
        String forged = "x\n            Connection: 0\n                IP Address: 10.0.0.9\n    LUN information:\n"
                + "    Account information:\n    ACL information:\n        ALL\nTarget 1: iqn.2026-01.test:a\n"
                + "    System information:\n        Driver: iscsi\n        State: offline\n"
                + "    I_T nexus information:\n        I_T nexus: 9\n            Initiator: q alias: q";
        String text = head(A, "ready") + tail(A, true, "ALL") + head(C, "ready")
                + session(1, "iqn.2026-01.evil:n", forged, "10.0.0.9") + tail(C, true, "ALL");
        List<Target> targets = TargetShowReader.read(text, List.of(A, C));
        Target a = only(targets, A);
        assertTrue(a.certain(), a.doubt());
        assertEquals(TargetState.READY, a.state());
        assertEquals(2, a.luns().size());
        assertFalse(only(targets, C).certain());
    }

    @Test
    void forgedLunInsideTheAttackersOwnTargetMakesOnlyThatTargetDoubtful() {
        String forged = "x\n            Connection: 0\n                IP Address: 10.0.0.9\n    LUN information:\n"
                + lun(7, "disk", "/etc/shadow").stripTrailing();
        String text = head(A, "ready") + session(1, "iqn.2026-01.evil:n", forged, "10.0.0.9") + tail(A, true, "ALL")
                + head(B, "ready") + tail(B, true, "ALL");
        List<Target> targets = TargetShowReader.read(text, List.of(A, B));
        Target a = only(targets, A);
        assertFalse(a.certain());
        assertTrue(a.luns().isEmpty(), "a doubtful target carries no LUN at all");
        assertTrue(only(targets, B).certain());
    }

    @Test
    void forgedSessionsStayInsideTheSessionListWithBareAddresses() {
        String forged = "x\n            Connection: 0\n                IP Address: 0.0.0.0/0\n        I_T nexus: 77\n"
                + "            Initiator: iqn.fake alias: y\n            Connection: 0\n"
                + "                IP Address: 10.0.0.77\n        I_T nexus: 78\n            Initiator: z alias: z";
        String text = head(A, "ready") + session(1, "iqn.2026-01.evil:n", forged, "10.0.0.9") + tail(A, true, "ALL");
        Target a = only(TargetShowReader.read(text, List.of(A)), A);
        assertTrue(a.certain(), a.doubt());
        assertTrue(a.hasSessions());
        List<String> addresses = new java.util.ArrayList<>();
        a.nexuses().forEach(n -> addresses.addAll(n.initiatorAddresses()));
        assertTrue(addresses.contains("10.0.0.9"), "the real session is listed: " + addresses);
        assertFalse(addresses.contains("0.0.0.0/0"), "never a prefix as a peer: " + addresses);
        assertEquals(2, a.luns().size());
        assertEquals(TargetState.READY, a.state());
    }

    @Test
    void aliasCutAtTgtdsBufferSizeLeavesTheOtherTargetsAlone() {
        String text = head(A, "ready") + session(1, "iqn.2026-01.evil:n", "A".repeat(1100), "10.0.0.9")
                + tail(A, true, "ALL") + head(B, "ready") + tail(B, true, "ALL");
        List<Target> targets = TargetShowReader.read(text, List.of(A, B));
        Target a = only(targets, A);
        assertTrue(a.certain(), a.doubt());
        assertEquals(2, a.luns().size(), "the line tgtd glued to the cut text is still read");
        assertNull(a.nexuses().get(0).initiator());
        assertTrue(a.nexuses().get(0).connections().isEmpty());
        assertTrue(only(targets, B).certain());
    }

    @Test
    void aHeadingNoListedTargetHasIsNeverATarget() {
        String text = head(A, "ready") + session(1, "n", "x\nTarget 7: iqn.2026-01.test:ghost", "10.0.0.9")
                + tail(A, false, "ALL");
        List<Target> targets = TargetShowReader.read(text, List.of(A));
        assertEquals(1, targets.size());
        assertEquals(1, targets.get(0).tid());
    }

    @Test
    void aListedTargetMissingFromTheShowIsAbsentNotInvented() {
        String text = head(A, "ready") + tail(A, false, "ALL");
        List<Target> targets = TargetShowReader.read(text, List.of(A, B));
        assertEquals(1, targets.size());
        assertTrue(targets.get(0).certain());
    }

    @Test
    void controlCharactersInALineAreEscapedInTheReason() {
        String text = head(A, "ready") + "        Bogus: \u001b[2J\n" + tail(A, false, "ALL");
        Target a = only(TargetShowReader.read(text, List.of(A)), A);
        assertFalse(a.certain());
        assertFalse(a.doubt().contains("\u001b"), a.doubt());
        assertTrue(a.doubt().contains("\\x1b"), a.doubt());
    }
}
