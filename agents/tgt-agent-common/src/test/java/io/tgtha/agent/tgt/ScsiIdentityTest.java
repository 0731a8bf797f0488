// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.tgt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScsiIdentityTest {
    @Test
    void serialNumberIsTheStockAgentsMd5PrefixSoAMigrationKeepsIt() {
        // echo -n p_lun1 | md5sum  ->  6e9272f1...
        assertThat(ScsiIdentity.defaultScsiSn("p_lun1")).isEqualTo("6e9272f1");
    }

    @Test
    void defaultIdIsReadableStableAndFitsTgtdsConversion() {
        String id = ScsiIdentity.defaultScsiId("p_lun1");
        assertThat(id).startsWith("p_lun1-").hasSize(7 + ScsiIdentity.HASH_DIGITS).matches("p_lun1-[0-9a-f]{24}");
        assertThat(ScsiIdentity.defaultScsiId("p_lun1")).isEqualTo(id);
        assertThat(ScsiIdentity.defaultScsiId("a_very_long_resource_name")).hasSize(32).startsWith("a_very_-");
    }

    @Test
    void cloneSuffixIsStrippedSoEveryInstanceIsOneDevice() {
        assertThat(ScsiIdentity.defaultScsiId("p_lun1:0")).isEqualTo(ScsiIdentity.defaultScsiId("p_lun1:1"))
                .isEqualTo(ScsiIdentity.defaultScsiId("p_lun1"));
        assertThat(ScsiIdentity.defaultScsiSn("p_lun1:1")).isEqualTo("6e9272f1");
    }

    @Test
    void stockDefaultIdsGiveCollidingWwidsOursDoNot() {
        // tgtd reads scsi_id's characters as hex digits: "vol1" and "lun1" both become ...0001
        assertThat(ScsiIdentity.naaDesignator("vol1")).isEqualTo(ScsiIdentity.naaDesignator("lun1"))
                .isEqualTo("60000000000000000000000000000001");
        assertThat(ScsiIdentity.naaDesignator(ScsiIdentity.defaultScsiId("vol1")))
                .isNotEqualTo(ScsiIdentity.naaDesignator(ScsiIdentity.defaultScsiId("lun1")));
        // and the stock agent's 16-character truncation made long names identical outright
        assertThat(ScsiIdentity.defaultScsiId("p_lun_volume_group_one"))
                .isNotEqualTo(ScsiIdentity.defaultScsiId("p_lun_volume_group_two"));
    }

    @Test
    void naaConversionKeepsTheLast32DigitsOfLongIds() {
        assertThat(ScsiIdentity.naaDesignator("f".repeat(32) + "12")).isEqualTo("f".repeat(30) + "12");
        assertThat(ScsiIdentity.naaDesignator("0123")).isEqualTo("6" + "0".repeat(27) + "0123");
    }
}
