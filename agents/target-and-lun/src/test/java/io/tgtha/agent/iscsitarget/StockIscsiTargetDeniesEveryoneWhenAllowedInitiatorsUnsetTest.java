// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.iscsitarget;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgtha.testkit.ExecResult;
import io.tgtha.testkit.IscsiUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * ocf:heartbeat:iSCSITarget documents "If this parameter is empty or not set, access to this target will
 * be allowed from any initiator", but sets its default to "" before {@code ${allowed_initiators=ALL}}, so
 * for tgt it binds no ACL at all and tgtd rejects every login. Here unset (and empty) mean ALL.
 */
class StockIscsiTargetDeniesEveryoneWhenAllowedInitiatorsUnsetTest {
    @TempDir
    Path dir;

    @Test
    void unsetAndEmptyBindAll() {
        FakeTgt tgt = new FakeTgt();
        for (String iqn : new String[] {"iqn.2026-01.io.tgtha:unset", "iqn.2026-01.io.tgtha:empty"}) {
            AgentCall call = new AgentCall(new TargetAgent(tgt, new TgtConfigFiles(dir), dir)).param("iqn", iqn);
            if (iqn.endsWith("empty")) {
                call.param("allowed_initiators", "");
            }
            assertThat(call.run("start").rc()).isZero();
            assertThat(tgt.target(iqn).aclAddresses).containsExactly("ALL");
        }
    }

    @Test
    void anInitiatorCanLogInWhenAllowedInitiatorsIsUnset() {
        AgentLab.require();
        try (AgentLab lab = AgentLab.start("t")) {
            String iqn = "iqn.2026-01.io.tgtha:lab.unset";
            Path disk = lab.backingFile("unset.img", 8);
            var target = lab.target(iqn);
            assertThat(target.run("start").rc()).isZero();
            assertThat(lab.lun("p_lun_unset", iqn, 1, disk).run("start").rc()).isZero();
            ExecResult ls = lab.initiator().ls(IscsiUrl.portal(lab.targetIp()), AgentLab.T);
            assertThat(ls.ok()).as(ls.describe()).isTrue();
            assertThat(ls.stdout()).contains(iqn).contains("Lun:1");
            assertThat(lab.initiator().canLogin(IscsiUrl.lun(lab.targetIp(), iqn, 1), AgentLab.T)).isTrue();
        }
    }
}
