// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.iscsitarget;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

class TargetValidateAllTest {
    @TempDir
    Path dir;

    FakeTgt tgt = new FakeTgt();

    AgentCall call(String iqn) {
        return new AgentCall(new TargetAgent(tgt, new TgtConfigFiles(dir), dir.resolve("locks"))).param("iqn", iqn);
    }

    @ParameterizedTest
    @ValueSource(strings = {"iqn.2026-01.io.tgtha:ok", "iqn.2001-04.com.example", "iqn.2026-12.a-b.c:x.y-z:1",
            "eui.02004567A425678D", "naa.52004567BA64678D", "naa.62004567BA64678D0123456789ABCDEF"})
    void acceptsWellFormedNames(String iqn) {
        var r = call(iqn).run("validate-all");
        assertThat(r.rc()).as(r.toString()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"iqn.2026-13.io.tgtha:bad-month", "iqn.26-01.io.tgtha:x", "iqn.2026-01.:x",
            "iqn.2026-01.io.tgtha:has space", "iqn.2026-01.io.tgtha:comma,x", "iqn.2026-01.io.tgtha:t*",
            "IQN.2026-01.io.tgtha:x", "eui.123", "naa.12345", "target1", "iqn.2026-01.-bad.label:x"})
    void rejectsBadNamesWithRc6(String iqn) {
        var r = call(iqn).run("validate-all");
        assertThat(r.rc()).as(r.toString()).isEqualTo(6);
        assertThat(r.stderr()).contains("parameter 'iqn'");
    }

    @Test
    void rejectsAnOverlongName() {
        var r = call("iqn.2026-01.io.tgtha:" + "x".repeat(210)).run("validate-all");
        assertThat(r.rc()).isEqualTo(6);
        assertThat(r.stderr()).contains("at most 223 bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-3", "abc", "1.5"})
    void rejectsBadTidsWithRc6(String tid) {
        var r = call("iqn.2026-01.io.tgtha:ok").param("tid", tid).run("validate-all");
        assertThat(r.rc()).as(r.toString()).isEqualTo(6);
        assertThat(r.stderr()).contains("tid");
    }

    /** Issue 13: a tid too large for tgtd said "must be an integer". */
    @ParameterizedTest
    @ValueSource(strings = {"99999999999999999999", "2147483648", "0", "-1"})
    void aTidOutsideTgtdsRangeIsOutOfRange(String tid) {
        var r = call("iqn.2026-01.io.tgtha:ok").param("tid", tid).run("validate-all");
        assertThat(r.rc()).as(r.toString()).isEqualTo(6);
        assertThat(r.stderr()).contains("parameter 'tid' '" + tid + "': out of range").doesNotContain("must be an integer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.300:3260", "10.0.0.1:0", "10.0.0.1:70000", "host.example:3260", "[zz::1]:3260",
            "10.0.0.1:3260,10.0.0.2:3260"})
    void rejectsBadPortalsWithRc6(String portals) {
        var r = call("iqn.2026-01.io.tgtha:ok").param("portals", portals).run("validate-all");
        assertThat(r.rc()).as(r.toString()).isEqualTo(6);
        assertThat(r.stderr()).contains("portal");
    }

    @Test
    void acceptsGoodPortals() {
        assertThat(call("iqn.2026-01.io.tgtha:ok").param("portals", "0.0.0.0:3260 10.1.2.3 [fd00::1]:3261")
                .run("validate-all").rc()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.256", "10.0.0.0/33", "not-an-address", "iqn.bad"})
    void rejectsBadInitiatorsWithRc6(String initiators) {
        var r = call("iqn.2026-01.io.tgtha:ok").param("allowed_initiators", initiators).run("validate-all");
        assertThat(r.rc()).as(r.toString()).isEqualTo(6);
        assertThat(r.stderr()).contains("allowed_initiators");
    }

    @Test
    void legacyPasswordNeedsExactlyOneUsernameAndIsNeverPrinted() {
        var r = call("iqn.2026-01.io.tgtha:ok").param("incoming_username", "a b")
                .param("incoming_password", "TopSecret-991").run("validate-all");
        assertThat(r.rc()).isEqualTo(6);
        assertThat(r.stderr()).contains("one account only").doesNotContain("TopSecret-991");
    }

    @Test
    void onlyTheTgtImplementationIsAccepted() {
        assertThat(call("iqn.2026-01.io.tgtha:ok").param("implementation", "lio-t").run("validate-all").rc()).isEqualTo(6);
        assertThat(call("iqn.2026-01.io.tgtha:ok").param("implementation", "tgt").run("validate-all").rc()).isZero();
    }

    @Test
    void warnsWhenTheTgtServiceConfigurationAlsoDefinesTheTarget() throws Exception {
        Files.createDirectories(dir.resolve("conf.d"));
        Files.writeString(dir.resolve("targets.conf"), "default-driver iscsi\ninclude /etc/tgt/conf.d/*.conf\n");
        Files.writeString(dir.resolve("conf.d/cluster.conf"),
                "<target iqn.2026-01.io.tgtha:ok0>\n</target>\n<target iqn.2026-01.io.tgtha:ok>\n  backing-store /dev/x\n</target>\n");
        var r = call("iqn.2026-01.io.tgtha:ok").run("validate-all");
        assertThat(r.rc()).isZero();
        assertThat(r.stderr()).contains("WARNING").contains("cluster.conf:3").doesNotContain("cluster.conf:1")
                .contains("tgt-admin --update");
        assertThat(call("iqn.2026-01.io.tgtha:other").run("validate-all").stderr()).doesNotContain("WARNING");
    }

    @Test
    void tooManyIncomingAccountsForTgtdsSlotsIsRejected() {
        StringBuilder users = new StringBuilder();
        for (int i = 0; i < 17; i++) {
            users.append("u").append(i).append(' ');
        }
        var r = call("iqn.2026-01.io.tgtha:ok").param("incoming_username", users.toString()).run("validate-all");
        assertThat(r.rc()).isEqualTo(6);
        assertThat(r.stderr()).contains("at most 16");
    }

    @Test
    void metadataIsWellFormedAndDeclaresTheSecretsAndTheSharedUsername() {
        var r = call("x").run("meta-data");
        assertThat(r.rc()).isZero();
        assertThat(r.stdout()).contains("<resource-agent name=\"target\"").contains("name=\"incoming_username\"");
        assertThat(r.stdout()).containsPattern("name=\"incoming_username\"[^>]*unique=\"0\"");
    }
}
