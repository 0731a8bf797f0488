package io.tgtha.agent.lun;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * LunConfig's value checks became loops instead of regular expressions (a Pattern costs a 50 ms JVM
 * 1-3 ms per shape); they must accept and reject exactly what the former patterns did.
 */
class LunValueChecksAgreeWithTheFormerRegularExpressionsTest {
    private static final Pattern TGT_VALUE = Pattern.compile("[^,\\s]+");
    private static final Pattern BSOFLAGS = Pattern.compile("(sync|direct)(:(sync|direct))?");
    private static final String[] PIECES = {
        "", "a", "sync", "direct", ":", "::", ",", " ", "\t", "\n", "\u000B", "\f", "\r", "\u0001", "\u00A0", "\u2003",
        "\uD83D\uDCBE", "\uD800", "SYNC", "Direct", "p_lun1-6a996271dce89d55eb6e5292", "/dev/vg/lv",
    };

    @Test
    void tgtValuesAndBackingStoreFlagsAgree() {
        for (String a : PIECES) {
            for (String b : PIECES) {
                for (String c : PIECES) {
                    String s = a + b + c;
                    assertThat(LunConfig.isTgtValue(s)).as("'%s'", s).isEqualTo(TGT_VALUE.matcher(s).matches());
                    assertThat(LunConfig.isBsOflags(s)).as("'%s'", s).isEqualTo(BSOFLAGS.matcher(s).matches());
                }
            }
        }
        Random random = new Random(20261122L);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder s = new StringBuilder();
            for (int k = random.nextInt(6); k > 0; k--) {
                s.append(PIECES[random.nextInt(PIECES.length)]);
            }
            String v = s.toString();
            assertThat(LunConfig.isTgtValue(v)).as("'%s'", v).isEqualTo(TGT_VALUE.matcher(v).matches());
            assertThat(LunConfig.isBsOflags(v)).as("'%s'", v).isEqualTo(BSOFLAGS.matcher(v).matches());
        }
    }

    @Test
    void bothOutcomesOccur() {
        assertThat(LunConfig.isBsOflags("sync:direct")).isTrue();
        assertThat(LunConfig.isBsOflags("sync:direct:sync")).isFalse();
        assertThat(LunConfig.isTgtValue("p_lun1-6a996271dce89d55eb6e5292")).isTrue();
        assertThat(LunConfig.isTgtValue("a\u000Bb")).isFalse();
        assertThat(LunConfig.isTgtValue("a\u00A0b")).isTrue(); // \s is ASCII whitespace only
    }
}
