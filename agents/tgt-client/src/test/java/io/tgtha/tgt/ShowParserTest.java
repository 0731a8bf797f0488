// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parses outputs captured from a real tgtd 1.0.85 (src/test/resources/.../captured-1.0.85). */
class ShowParserTest {

    static String captured(String name) throws IOException {
        try (InputStream in = ShowParserTest.class.getResourceAsStream("captured-1.0.85/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Output tgtd 1.0.85 printed, read with the LLD list tgtd would have given (its own headings). */
    static List<Target> readAsListed(String captured) {
        List<TargetName> listed = new java.util.ArrayList<>();
        for (String line : captured.split("\n")) {
            if (line.startsWith("Target ")) {
                int colon = line.indexOf(": ");
                listed.add(new TargetName(Integer.parseInt(line.substring(7, colon)), line.substring(colon + 2)));
            }
        }
        List<Target> targets = TargetShowReader.read(captured, listed);
        assertThat(targets).allSatisfy(t -> assertThat(t.certain()).as(String.valueOf(t.doubt())).isTrue());
        return targets;
    }

    @Test
    void targetsWithSessionsLunsAccountsAndAcls() throws IOException {
        List<Target> targets = readAsListed(captured("show-target-sessions.txt"));
        assertThat(targets).extracting(Target::tid).containsExactly(1, 2);
        Target one = targets.get(0);
        assertThat(one.iqn()).isEqualTo("iqn.2026-01.io.tgtha:cap.one");
        assertThat(one.driver()).isEqualTo("iscsi");
        assertThat(one.state()).isEqualTo(TargetState.READY);
        assertThat(one.nexuses()).hasSize(2);
        ItNexus first = one.nexuses().get(0);
        assertThat(first.id()).isEqualTo(1);
        assertThat(first.initiator()).isEqualTo("iqn.2026-01.io.tgtha:ini1");
        assertThat(first.alias()).isNull();
        assertThat(first.connections()).containsExactly(new IscsiConnection(0, "10.231.1.2"));
        assertThat(one.nexuses().get(1).initiator()).isEqualTo("iqn.2010-11.libiscsi:iscsi-perf");

        assertThat(one.luns()).extracting(Lun::lun).containsExactly(0L, 1L, 2L);
        assertThat(one.luns().get(0).isController()).isTrue();
        assertThat(one.luns().get(0).backingStorePath()).isNull();
        Lun lun1 = one.lun(1).orElseThrow();
        assertThat(lun1.scsiId()).isEqualTo("TGTHA0001");
        assertThat(lun1.scsiSn()).isEqualTo("SN0001");
        assertThat(lun1.sizeMb()).isEqualTo(67);
        assertThat(lun1.blockSize()).isEqualTo(512);
        assertThat(lun1.backingStoreType()).isEqualTo("rdwr");
        assertThat(lun1.backingStorePath()).isEqualTo("/tmp/tc-cap-lun1.img");
        assertThat(lun1.backingStoreFlags()).isEmpty();
        assertThat(lun1.online()).isTrue();
        assertThat(lun1.readonly()).isFalse();
        assertThat(one.lun(2).orElseThrow().backingStoreFlags()).isEqualTo("sync:direct");
        assertThat(one.lun(2).orElseThrow().scsiId()).isEqualTo("IET     00010002");

        assertThat(one.incomingAccounts()).containsExactly("alice", "bob");
        assertThat(one.outgoingAccount()).isEqualTo("carol");
        assertThat(one.aclAddresses()).containsExactly("ALL", "10.231.1.0/24");
        assertThat(one.aclInitiatorNames()).containsExactly("iqn.2026-01.io.tgtha:ini1");

        Target two = targets.get(1);
        assertThat(two.state()).isEqualTo(TargetState.OFFLINE);
        assertThat(two.nexuses()).isEmpty();
        assertThat(two.incomingAccounts()).isEmpty();
        assertThat(two.outgoingAccount()).isNull();
        assertThat(two.aclAddresses()).containsExactly("10.231.1.2");
    }

    @Test
    void nopSettingsAppearOnlyWhenEnabled() throws IOException {
        List<Target> targets = readAsListed(captured("show-target-nop.txt"));
        assertThat(targets.get(0).nopInterval()).isNull();
        assertThat(targets.get(1).nopInterval()).isEqualTo(5);
        assertThat(targets.get(1).nopCount()).isEqualTo(3);
    }

    @Test
    void emptyOutputMeansNoTargets() {
        assertThat(TargetShowReader.read("", List.of())).isEmpty();
    }

    @Test
    void accountList() throws IOException {
        assertThat(ShowParser.parseAccounts(captured("show-account.txt"))).containsExactly("carol", "bob", "alice");
        assertThat(ShowParser.parseAccounts("")).isEmpty();
    }

    @Test
    void systemShow() throws IOException {
        SystemInfo s = ShowParser.parseSystem(captured("show-system.txt"), new TgtVersion(1, 0, 85));
        assertThat(s.state()).isEqualTo("ready");
        assertThat(s.debug()).isFalse();
        assertThat(s.lldStates()).containsEntry("iscsi", "ready").containsEntry("iser", "error");
        assertThat(s.backingStores()).contains("rdwr", "aio", "null").doesNotContain("rdwr (bsoflags sync:direct)");
        assertThat(s.deviceTypes()).contains("disk", "passthrough");
    }

    @Test
    void connections() throws IOException {
        assertThat(ShowParser.parseConnections(captured("show-conn-tid1.txt"))).containsExactly(
                new SessionConnection(2, 0, "iqn.2010-11.libiscsi:iscsi-perf", "10.231.1.2"),
                new SessionConnection(1, 0, "iqn.2026-01.io.tgtha:ini1", "10.231.1.2"));
    }

    @Test
    void targetParameters() throws IOException {
        var params = ShowParser.parseParams(captured("show-target-tid1.txt"));
        assertThat(params).containsEntry("MaxRecvDataSegmentLength", "8192").containsEntry("nop_interval", "0")
                .containsEntry("MaxConnections", "1");
    }

    @Test
    void aclRulesAreToldApartByShape() {
        assertThat(ShowParser.isAddressRule("ALL")).isTrue();
        assertThat(ShowParser.isAddressRule("10.1.2.3")).isTrue();
        assertThat(ShowParser.isAddressRule("10.1.2.0/24")).isTrue();
        assertThat(ShowParser.isAddressRule("[fe80::1]/64")).isTrue();
        assertThat(ShowParser.isAddressRule("fe80::1")).isTrue();
        assertThat(ShowParser.isAddressRule("iqn.2026-01.io.tgtha:ini1")).isFalse();
        assertThat(ShowParser.isAddressRule("eui.0123456789ABCDEF")).isFalse();
    }
}
