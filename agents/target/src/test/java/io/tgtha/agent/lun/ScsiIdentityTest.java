package io.tgtha.agent.lun;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScsiIdentityTest {
    @Test
    void serialNumberIsTheStockAgentsMd5PrefixSoAMigrationKeepsIt() {
        // echo -n p_lun1 | md5sum  ->  6e9272f1...
        assertThat(ScsiIdentity.defaultScsiSn("p_lun1")).isEqualTo("6e9272f1");
    }

    @Test
    void shortNamesAreTheirOwnScsiIdAsWithTheStockAgent() {
        assertThat(ScsiIdentity.defaultScsiId("p_lun1")).isEqualTo("p_lun1");
        assertThat(ScsiIdentity.defaultScsiId("exactly16chars__")).isEqualTo("exactly16chars__");
    }

    @Test
    void cloneSuffixIsStrippedSoEveryInstanceIsOneDevice() {
        assertThat(ScsiIdentity.defaultScsiId("p_lun1:0")).isEqualTo(ScsiIdentity.defaultScsiId("p_lun1:1"))
                .isEqualTo("p_lun1");
        assertThat(ScsiIdentity.defaultScsiSn("p_lun1:1")).isEqualTo("6e9272f1");
    }

    @Test
    void longNamesSharingTheirFirst16CharactersStillGetDistinctIds() {
        // the stock agent truncated both to "p_lun_volume_gro" and multipath merged two devices
        String a = ScsiIdentity.defaultScsiId("p_lun_volume_group_one");
        String b = ScsiIdentity.defaultScsiId("p_lun_volume_group_two");
        assertThat(a).isNotEqualTo(b).hasSizeLessThanOrEqualTo(16).startsWith("p_lun_v-");
        assertThat(b).hasSizeLessThanOrEqualTo(16);
        assertThat(ScsiIdentity.defaultScsiId("p_lun_volume_group_one")).isEqualTo(a); // stable
    }
}
