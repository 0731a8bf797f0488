// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.lun;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgtha.agent.iscsitarget.AgentCall;
import io.tgtha.agent.iscsitarget.AgentLab;
import io.tgtha.tgt.Lun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Two promises of docs/target-and-lun.md that no test ran (issue 18.5), against a real tgtd: a start that finds the
 * LUN with other backing store settings (type, open flags, block size: tgtd fixes them at creation) deletes and
 * creates it again, and a monitor at {@code OCF_CHECK_LEVEL=10} also checks that a file backing store still exists.
 */
class LunBackingStoreChangesAndDeepMonitorLabTest {
    static final String IQN = "iqn.2026-01.io.tgtha:lab.lunchange";

    static Lun live(AgentLab lab) {
        return lab.client().showTargets().stream().filter(t -> t.iqn().equals(IQN)).findFirst().orElseThrow()
                .lun(1).orElseThrow();
    }

    @Test
    void aChangedBlockSizeFlagsOrTypeRecreatesTheLunWithTheSameIdentity() {
        AgentLab.require();
        try (AgentLab lab = AgentLab.start("l")) {
            Path disk = lab.backingFile("change.img", 16);
            assertThat(lab.target(IQN).run("start").rc()).isZero();
            var plain = lab.lun("p_lun_change", IQN, 1, disk).run("start");
            assertThat(plain.rc()).as(plain.toString()).isZero();
            Lun before = live(lab);
            assertThat(before.blockSize()).isEqualTo(512);
            assertThat(before.backingStoreType()).isEqualTo("rdwr");

            AgentCall big = lab.lun("p_lun_change", IQN, 1, disk).param("blocksize", "4096");
            var differs = big.recurring().run("monitor");
            assertThat(differs.rc()).as(differs.toString()).isEqualTo(1);
            assertThat(differs.stderr()).contains("block size is 512, configured 4096");
            var recreated = big.run("start");
            assertThat(recreated.rc()).as(recreated.toString()).isZero();
            assertThat(recreated.stderr()).contains("deleting and creating it again");
            assertThat(live(lab).blockSize()).isEqualTo(4096);
            assertThat(live(lab).scsiId()).as("identity kept").isEqualTo(before.scsiId());
            assertThat(live(lab).scsiSn()).isEqualTo(before.scsiSn());

            AgentCall direct = lab.lun("p_lun_change", IQN, 1, disk).param("blocksize", "4096")
                    .param("tgt_bsoflags", "direct");
            var withFlags = direct.run("start");
            assertThat(withFlags.rc()).as(withFlags.toString()).isZero();
            assertThat(withFlags.stderr()).contains("backing store flags are '', configured direct");
            assertThat(live(lab).backingStoreFlags()).contains("direct");
            assertThat(live(lab).blockSize()).isEqualTo(4096);

            AgentCall aio = lab.lun("p_lun_change", IQN, 1, disk).param("blocksize", "4096")
                    .param("tgt_bsoflags", "direct").param("tgt_bstype", "aio");
            var withType = aio.run("start");
            assertThat(withType.rc()).as(withType.toString()).isZero();
            assertThat(withType.stderr()).contains("backing store type is rdwr, configured aio");
            assertThat(live(lab).backingStoreType()).isEqualTo("aio");
            assertThat(aio.recurring().run("monitor").rc()).isZero();
            assertThat(aio.run("start").stderr()).as("nothing left to change").doesNotContain("deleting");

            assertThat(aio.run("stop").rc()).isZero();
            assertThat(lab.target(IQN).run("stop").rc()).isZero();
        }
    }

    @Test
    void aMonitorAtCheckLevel10FailsWhenTheBackingFileIsGoneAndLevel0DoesNotLook() throws Exception {
        AgentLab.require();
        try (AgentLab lab = AgentLab.start("l")) {
            Path disk = lab.backingFile("deep.img", 8);
            assertThat(lab.target(IQN).run("start").rc()).isZero();
            AgentCall lun = lab.lun("p_lun_deep", IQN, 1, disk);
            assertThat(lun.run("start").rc()).isZero();
            assertThat(lun.recurring().env("OCF_CHECK_LEVEL", "10").run("monitor").rc()).isZero();

            // tgtd keeps the deleted file open and goes on serving it; only the deep monitor sees it is gone
            Files.delete(disk);
            var shallow = lab.lun("p_lun_deep", IQN, 1, disk).recurring().run("monitor");
            assertThat(shallow.rc()).as(shallow.toString()).isZero();
            var deep = lab.lun("p_lun_deep", IQN, 1, disk).recurring().env("OCF_CHECK_LEVEL", "10").run("monitor");
            assertThat(deep.rc()).as(deep.toString()).isEqualTo(1);
            assertThat(deep.stderr()).contains("backing store " + disk + " of LUN 1 no longer exists on this node");

            assertThat(lun.run("stop").rc()).isZero();
            assertThat(lab.target(IQN).run("stop").rc()).isZero();
        }
    }
}
