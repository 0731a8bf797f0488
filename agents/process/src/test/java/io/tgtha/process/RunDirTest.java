// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.process;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class RunDirTest {
    @Test
    void anAbsoluteValueMovesTheDirectory() {
        assertThat(RunDir.of("/var/tmp/lab-run")).isEqualTo(Path.of("/var/tmp/lab-run"));
    }

    @Test
    void unsetEmptyOrRelativeMeansRunTgtha() {
        assertThat(RunDir.of(null)).isEqualTo(Path.of("/run/tgtha"));
        assertThat(RunDir.of("")).isEqualTo(Path.of("/run/tgtha"));
        assertThat(RunDir.of("run/tgtha")).as("relative: would depend on the working directory")
                .isEqualTo(Path.of("/run/tgtha"));
    }
}
