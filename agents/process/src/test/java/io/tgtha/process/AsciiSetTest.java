// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An AsciiSet must match what the regular-expression character class written the same way matches. */
class AsciiSetTest {
    private static final String[] SAMPLES = {
        "", " ", "a", "abc", "a b", "  a\tb\n c  ", "a,b", ",a,,b,", "iqn.2026-01.io.tgtha:t1", "A_b-9.x",
        "x\u0000y", "tab\there", "\u007f", "ü", "a\u000bb", "a\fb\rc", "0", "0123456789", "12a", "-1", "٣",
        "12/24", "[fe80::1]/64", "a=b,c", "!+-<>~",
    };
    private static final String[] SPECS = {"A-Za-z0-9._-", "a-z0-9_", "0-9A-Fa-f:.", "A-Za-z0-9.:-", "-a", "0-9",
        "0-9A-Fa-f.:[]"};

    @Test
    void aSetMatchesLikeItsCharacterClass() {
        for (String spec : SPECS) {
            AsciiSet set = AsciiSet.of(spec);
            String cls = "[" + spec.replace("[", "\\[").replace("]", "\\]") + "]";
            Pattern all = Pattern.compile(cls + "+");
            Pattern bounded = Pattern.compile(cls + "{2,5}");
            for (String s : SAMPLES) {
                assertEquals(all.matcher(s).matches(), set.matchesAll(s), spec + " '" + s + "'");
                assertEquals(bounded.matcher(s).matches(), set.matchesAll(s, 2, 5), spec + " '" + s + "'");
            }
        }
        assertFalse(AsciiSet.of("a-z").matchesAll(null));
        assertFalse(AsciiSet.of("a-z").matchesAll(null, 0, 5));
    }

    @Test
    void aRunEndsWhereAGreedyClassStarEndsAndTheRestMatchesLikeAnAnchoredClass() {
        for (String spec : SPECS) {
            AsciiSet set = AsciiSet.of(spec);
            String cls = "[" + spec.replace("[", "\\[").replace("]", "\\]") + "]";
            Pattern run = Pattern.compile(cls + "*");
            Pattern rest = Pattern.compile(cls + "{1,3}");
            for (String s : SAMPLES) {
                for (int from = 0; from <= s.length(); from++) {
                    Matcher m = run.matcher(s).region(from, s.length());
                    assertTrue(m.lookingAt());
                    assertEquals(m.end(), set.runEnd(s, from), spec + " '" + s + "' from " + from);
                    assertEquals(rest.matcher(s.substring(from)).matches(), set.matchesFrom(s, from, 1, 3),
                            spec + " '" + s + "' from " + from);
                }
            }
        }
    }

    @Test
    void digitsAreTheAsciiDigitsOnly() {
        assertTrue(AsciiSet.DIGITS.matchesAll("0123456789"));
        assertFalse(AsciiSet.DIGITS.matchesAll("٣"), "ARABIC-INDIC DIGIT THREE is not \\d without UNICODE_CHARACTER_CLASS");
        assertTrue(AsciiSet.HEX_DIGITS.matchesAll("09afAF"));
        assertFalse(AsciiSet.HEX_DIGITS.matchesAll("g"));
    }

    @Test
    void rangesFollowEachOtherWithADashBetween() {
        // the tgt client's user-name set: printable ASCII without ',' and '='
        AsciiSet set = AsciiSet.of("!-+--<>-~");
        Pattern cls = Pattern.compile("[\\x21-\\x7e&&[^,=]]");
        for (char c = 0; c < 256; c++) {
            assertEquals(cls.matcher(String.valueOf(c)).matches(), set.contains(c), "U+" + Integer.toHexString(c));
        }
    }

    @Test
    void aBadSetIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> AsciiSet.of("z-a"));
        assertThrows(IllegalArgumentException.class, () -> AsciiSet.of("ä"));
        assertTrue(AsciiSet.of("a-").contains('-'));
    }
}
