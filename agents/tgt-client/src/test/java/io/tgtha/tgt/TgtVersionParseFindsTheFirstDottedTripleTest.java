// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import static io.tgtha.tgt.RegexEquivalence.escape;
import static io.tgtha.tgt.RegexEquivalence.inputs;
import static io.tgtha.tgt.RegexEquivalence.list;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * TgtVersion.parse is a loop that must find what {@code find()} of {@code (\d+)\.(\d+)\.(\d+)} finds: the same
 * first x.y.z, and the same failure (the same message when there is none, NumberFormatException when a number
 * overflows int).
 */
class TgtVersionParseFindsTheFirstDottedTripleTest {
    private static final Pattern OLD = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");

    private static String old(String text) {
        Matcher m = OLD.matcher(text == null ? "" : text);
        if (!m.find()) {
            return "IllegalArgumentException: no tgt version in '" + text + "'";
        }
        try {
            return new TgtVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3))).toString();
        } catch (NumberFormatException e) {
            return "NumberFormatException: " + e.getMessage();
        }
    }

    private static String loop(String text) {
        try {
            return TgtVersion.parse(text).toString();
        } catch (IllegalArgumentException e) {
            // NumberFormatException is an IllegalArgumentException: keep the two apart
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    @Test
    void sameVersionOrSameFailureAsFindOfThePattern() {
        List<String> given = list("1.0.85", "tgtd 1.0.30\n", "1.0.29", "1.0.", "1..0.85", "1.0.85.3", "v12.3.4-5",
                "1.2 3.4.5", "12.3", "x1.2.3", "..1.2.3", "1.2.\u0663", "\u06631.2.3", "99999999999.0.1",
                "1.2.99999999999", "1.2.3x99999999999.0.0", "", "no version", null, "1.0.85\r\n1.0.86");
        int found = 0;
        for (String text : inputs(given, list("1", "0", "85", ".", "..", "x", " ", "99999999999"),
                20_000, 21)) {
            String expected = old(text);
            assertThat(loop(text)).as(text == null ? "null" : escape(text)).isEqualTo(expected);
            if (!expected.contains("Exception")) {
                found++;
            }
        }
        assertThat(found).isGreaterThan(100);
    }
}
