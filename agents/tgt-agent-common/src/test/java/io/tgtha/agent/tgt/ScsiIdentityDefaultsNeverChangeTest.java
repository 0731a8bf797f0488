// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.tgt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The default scsi_id and scsi_sn are derived from the resource name, and initiators' multipath
 * WWIDs are derived from scsi_id: a LUN whose default identity changes after an upgrade is a NEW
 * device to every initiator. These values were produced by the regex-based implementation
 * ({@code replaceAll("[^A-Za-z0-9._-]", "_")}) before it became a loop, and must never change.
 * Tricky names included: a surrogate pair (one code point, one '_'), a lone surrogate, non-ASCII
 * letters, a clone suffix, characters outside the readable set.
 */
class ScsiIdentityDefaultsNeverChangeTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            p_lun1                    | p_lun1-6a996271dce89d55eb6e5292   | 6e9272f1 | 600000106a996271dce89d55eb6e5292
            p_lun1:0                  | p_lun1-6a996271dce89d55eb6e5292   | 6e9272f1 | 600000106a996271dce89d55eb6e5292
            vol1                      | vol1-af1f1ed4cf362d576cb22ce9     | 2b0d59c7 | 60000010af1f1ed4cf362d576cb22ce9
            a_very_long_resource_name | a_very_-6764853172c467a0ba791481  | 99efb069 | e00e00006764853172c467a0ba791481
            p-lun.1_x                 | p-lun.1-8ab8ba4ab4345ebee71a8acb  | 27f3d549 | 600000108ab8ba4ab4345ebee71a8acb
            "lun 1"                   | lun_1-f227f896ee8a7da52ac7d42c    | 0a6695b0 | 60000010f227f896ee8a7da52ac7d42c
            l\\u00FCn1                | l_n1-b2bd3bb51593b55bdb7f36f3     | bfbbc312 | 60000010b2bd3bb51593b55bdb7f36f3
            p_\\uD83D\\uDCBE_lun      | p___lun-4dcd2515939040329fdec97f  | 8c191ecb | 600000004dcd2515939040329fdec97f
            \\uD83D\\uDCBE\\uD83D\\uDCBE\\uD83D\\uDCBE\\uD83D\\uDCBE | ____-23569e389d4ce1b22b7d16c7 | 6e9390ce | 6000000023569e389d4ce1b22b7d16c7
            x\\uD800y                 | x_y-98b24bb90aca85539bc2a0c7      | fe04b5cf | 6000000098b24bb90aca85539bc2a0c7
            a:b                       | a_b-6783a31eabf68ccc0660f935      | d8160c9b | 6000a0b06783a31eabf68ccc0660f935
            db/lun@2                  | db_lun_-e248bff05212295bc2d0c4de  | edcadb94 | fb000000e248bff05212295bc2d0c4de
            L                         | L-72dfcfb0c470ac255cde83fb        | d20caec3 | 6000000072dfcfb0c470ac255cde83fb
            res:12                    | res-6eeb55f76600d4ad08be72ad      | 9b207167 | 60000e006eeb55f76600d4ad08be72ad
            """)
    void defaultIdentityAndWwidOfAResourceNameAreForever(String escapedName, String scsiId, String scsiSn, String naa) {
        String name = unescape(escapedName);
        assertThat(ScsiIdentity.defaultScsiId(name)).isEqualTo(scsiId);
        assertThat(ScsiIdentity.defaultScsiSn(name)).isEqualTo(scsiSn);
        assertThat(ScsiIdentity.naaDesignator(ScsiIdentity.defaultScsiId(name))).isEqualTo(naa);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            p_lun1
            lun 1
            a/b\\c<d>e
            \\uD83D\\uDCBEdisk\\uD83D\\uDCBE
            x\\uD800y\\uDC00z
            \\u00E9t\\u00E9
            """)
    void readablePartIsWhatTheFormerReplaceAllGave(String escapedName) {
        String name = unescape(escapedName);
        String formerHead = name.replaceAll("[^A-Za-z0-9._-]", "_");
        formerHead = formerHead.length() > 7 ? formerHead.substring(0, 7) : formerHead;
        assertThat(ScsiIdentity.defaultScsiId(name)).startsWith(formerHead + "-")
                .hasSize(formerHead.length() + 1 + ScsiIdentity.HASH_DIGITS);
    }

    /** {@code \\uXXXX} escapes, so the table stays ASCII and shows exactly which code units it holds. */
    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            if (s.startsWith("\\u", i)) {
                b.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                b.append(s.charAt(i));
            }
        }
        return b.toString();
    }
}
