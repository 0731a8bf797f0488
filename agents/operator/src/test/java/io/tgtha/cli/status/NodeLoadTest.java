// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.status;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class NodeLoadTest {
    static final String STAT = """
            cpu  2255 34 2290 22625563 6290 127 456 0 0 0
            cpu0 1132 34 1441 11311718 3675 127 438 0 0 0
            cpu1 1123 0 849 11313845 2614 0 18 0 0 0
            intr 114930548 113199788 3 0 5 263 0 4 [... lots more numbers ...]
            ctxt 1990473
            cpu_hotplug 1
            """;

    @Test
    void readsTheOneMinuteLoadAndCountsCpuNLinesAsTheControllerDoes(@TempDir Path proc) throws Exception {
        Files.writeString(proc.resolve("loadavg"), "5.30 4.10 3.00 7/512 12345\n");
        Files.writeString(proc.resolve("stat"), STAT);
        assertThat(NodeLoad.read(proc)).contains(new NodeLoad(5.3f, 2));
    }

    @Test
    void nothingWithoutTheFilesOrWithGarbage(@TempDir Path proc) throws Exception {
        assertThat(NodeLoad.read(proc)).isEmpty();
        Files.writeString(proc.resolve("loadavg"), "busy\n");
        Files.writeString(proc.resolve("stat"), STAT);
        assertThat(NodeLoad.read(proc)).isEmpty();
    }

    @Test
    void noCpuLineCountsAsOneCore() {
        assertThat(NodeLoad.countCores("intr 1\n")).isEqualTo(1);
        assertThat(NodeLoad.countCores(STAT)).isEqualTo(2);
    }

    @Test
    void theRealProcfsGivesALoadAndAtLeastOneCore() {
        assertThat(NodeLoad.read(NodeLoad.PROC)).hasValueSatisfying(l -> {
            assertThat(l.cores()).isPositive();
            assertThat(l.load1()).isGreaterThanOrEqualTo(0f);
        });
    }
}
