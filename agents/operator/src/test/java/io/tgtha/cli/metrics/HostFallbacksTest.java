// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostFallbacksTest {
    @TempDir
    Path dir;

    @Test
    void countsTheWrappersLinesPerReasonAndAnythingElseAsOther() throws Exception {
        Path file = HostFallbacks.file(dir);
        Files.createDirectories(file.getParent());
        // as ocf-agent.in appends them; a torn or foreign line must not become a label value
        Files.writeString(file, "no_host\nno_host\nnot_accepted\nbroken\nno_host\n\"evil\"} 1\n\n");
        String text = HostFallbacks.render(file);
        assertThat(text.lines()).contains(
                "# TYPE tgtha_agent_host_fallbacks_total counter",
                "tgtha_agent_host_fallbacks_total{reason=\"no_host\"} 3.0",
                "tgtha_agent_host_fallbacks_total{reason=\"not_accepted\"} 1.0",
                "tgtha_agent_host_fallbacks_total{reason=\"broken\"} 1.0",
                "tgtha_agent_host_fallbacks_total{reason=\"other\"} 1.0");
        assertThat(text).doesNotContain("evil");
    }

    @Test
    void noFileMeansNoFallbackSinceBoot() throws Exception {
        assertThat(HostFallbacks.render(HostFallbacks.file(dir))).doesNotContain("reason=");
    }
}
