// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.text;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The loops must say what the regular expressions they replace said; the tests compare with them. */
class TextTest {
    private static final String[] SAMPLES = {
        "", " ", "a", "abc", "a b", "  a\tb\n c  ", "a,b", ",a,,b,", "iqn.2026-01.io.tgtha:t1", "A_b-9.x",
        "x\u0000y", "tab\there", "\u007f", "ü", "a\u000bb", "a\fb\rc", "0", "0123456789", "12a", "-1",
    };

    @Test
    void wordsSplitLikeTrimThenSplitOnWhitespaceRuns() {
        for (String s : SAMPLES) {
            List<String> expected = s.isBlank() ? List.of() : List.of(s.trim().split("\\s+"));
            // trim() also strips other control characters: compare only where \s and trim agree
            if (s.chars().allMatch(c -> c >= 0x20 || Text.isWhitespace((char) c))) {
                assertEquals(expected, Text.words(s), "'" + s + "'");
            }
        }
    }

    @Test
    void wordsWithExtraSeparatorsSplitLikeACharacterClassRun() {
        Pattern sep = Pattern.compile("[\\s,]+");
        for (String s : SAMPLES) {
            List<String> expected = sep.splitAsStream(s).filter(w -> !w.isEmpty()).toList();
            assertEquals(expected, Text.words(s, ","), "'" + s + "'");
        }
        assertEquals(List.of(), Text.words(null));
    }

    @Test
    void digitsAreCheckedWithBounds() {
        for (String s : SAMPLES) {
            assertEquals(s.matches("[0-9]{1,9}"), Text.isDigits(s, 1, 9), "'" + s + "'");
            assertEquals(s.matches("[0-9]{1,3}"), Text.isDigits(s, 1, 3), "'" + s + "'");
        }
        assertFalse(Text.isDigits(null, 1, 3));
    }

    @Test
    void printableReplacesWhatCntrlMatches() {
        for (String s : SAMPLES) {
            assertEquals(s.replaceAll("\\p{Cntrl}", "?"), Text.printable(s), "'" + s + "'");
        }
    }

    @Test
    void asciiSetsMatchLikeTheirCharacterClass() {
        String[] specs = {"A-Za-z0-9._-", "a-z0-9_", "0-9A-Fa-f:.", "A-Za-z0-9.:-", "-a"};
        for (String spec : specs) {
            AsciiSet set = AsciiSet.of(spec);
            Pattern p = Pattern.compile("[" + spec + "]+");
            Pattern bounded = Pattern.compile("[" + spec + "]{2,5}");
            for (String s : SAMPLES) {
                assertEquals(p.matcher(s).matches(), set.matchesAll(s), spec + " '" + s + "'");
                assertEquals(bounded.matcher(s).matches(), set.matchesAll(s, 2, 5), spec + " '" + s + "'");
            }
        }
        assertFalse(AsciiSet.of("a-z").matchesAll(null));
    }

    @Test
    void aBadSetIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> AsciiSet.of("z-a"));
        assertThrows(IllegalArgumentException.class, () -> AsciiSet.of("ä"));
        assertTrue(AsciiSet.of("a-").contains('-'));
    }
}
