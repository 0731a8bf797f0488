// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.launcher;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AgentCatalog.printable() cleans agent names from argv with a loop: it must replace exactly what
 * [\p{Cntrl}\p{Zl}\p{Zp}] matches.
 */
class CatalogPrintableReplacesControlsAndSeparatorsTest {
    @Test
    void everyCharacterIsReplacedExactlyWhenThePatternMatchesIt() {
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            String s = "a" + c;
            String old = s.replaceAll("[\\p{Cntrl}\\p{Zl}\\p{Zp}]", "?");
            if (!AgentCatalog.printable(s).equals(old)) {
                assertThat(AgentCatalog.printable(s)).as("U+%04X", (int) c).isEqualTo(old);
            }
        }
    }

    @Test
    void lineAndParagraphSeparatorsAndControlsBecomeQuestionMarks() {
        assertThat(AgentCatalog.printable("x\u2028y\u2029z\u0085w\n\u007f\u00a0"))
                .isEqualTo("x?y?z\u0085w??\u00a0");
        assertThat(AgentCatalog.printable("\uD83D\uDE00\u0000")).isEqualTo("\uD83D\uDE00?");
    }

    @Test
    void longNamesAreCutAfterCleaningAsBefore() {
        String flood = "\n".repeat(100);
        String old = flood.replaceAll("[\\p{Cntrl}\\p{Zl}\\p{Zp}]", "?");
        assertThat(AgentCatalog.printable(flood)).isEqualTo(old.substring(0, 77) + "...");
        assertThat(AgentCatalog.printable("n".repeat(80))).isEqualTo("n".repeat(80));
    }
}
