// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.text;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The loops must say what the regular expressions they replace said; the tests compare with them (AsciiSetTest: character classes). */
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
    void whitespaceIsWhatBackslashSMatches() {
        Pattern s = Pattern.compile("\\s");
        for (char c = 0; c < 256; c++) {
            assertEquals(s.matcher(String.valueOf(c)).matches(), Text.isWhitespace(c), "U+" + Integer.toHexString(c));
        }
    }

    @Test
    void printableReplacesWhatCntrlMatches() {
        for (String s : SAMPLES) {
            assertEquals(s.replaceAll("\\p{Cntrl}", "?"), Text.printable(s), "'" + s + "'");
        }
    }
}
