// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import io.tgtha.cli.out.Progress;
import io.tgtha.cli.out.Style;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressAndStyleTest {
    static final long MS = 1_000_000L;

    @Test
    void progressIsSilentForTheFirstSecondThenOneLinePerSecondIntoAPipe() {
        AtomicLong now = new AtomicLong();
        StringWriter sink = new StringWriter();
        try (Progress p = new Progress(new PrintWriter(sink), false, now::get)) {
            now.set(500 * MS);
            p.update("waiting");
            assertThat(sink.toString()).isEmpty();
            now.set(1100 * MS);
            p.update("waiting");
            now.set(1500 * MS);
            p.update("waiting"); // less than a second after the last line: dropped
            now.set(2200 * MS);
            p.update("still waiting");
        }
        assertThat(sink.toString()).isEqualTo("waiting (1.1 s)\nstill waiting (2.2 s)\n").doesNotContain("\r");
    }

    @Test
    void atATerminalProgressRewritesOneLineAndEndsIt() {
        AtomicLong now = new AtomicLong();
        StringWriter sink = new StringWriter();
        try (Progress p = new Progress(new PrintWriter(sink), true, now::get)) {
            now.set(1200 * MS);
            p.update("a");
            now.set(1300 * MS);
            p.update("b");
        }
        assertThat(sink.toString()).isEqualTo("\ra (1.2 s)\u001b[K\rb (1.3 s)\u001b[K\n");
    }

    @Test
    void colourOnlyForATerminalWithoutJsonNoColorOrDumbTerminal() {
        assertThat(Style.decide(true, false, false, Map.of("TERM", "xterm")).red("x")).isEqualTo("\u001b[1;31mx\u001b[0m");
        assertThat(Style.decide(false, false, false, Map.of()).enabled()).isFalse();
        assertThat(Style.decide(true, true, false, Map.of()).enabled()).isFalse();
        assertThat(Style.decide(true, false, true, Map.of()).enabled()).isFalse();
        assertThat(Style.decide(true, false, false, Map.of("NO_COLOR", "1")).enabled()).isFalse();
        assertThat(Style.decide(true, false, false, Map.of("TERM", "dumb")).red("x")).isEqualTo("x");
    }
}
