// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.status;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PacemakerSysconfigTest {
    @Test
    void theLastUncommentedAssignmentWinsAsInTheShell() {
        assertThat(PacemakerSysconfig.nodeActionLimit("""
                # PCMK_node_action_limit=99
                PCMK_node_action_limit=8
                export PCMK_node_action_limit="12"   # raised for the storage nodes
                PCMK_logfile=/var/log/pacemaker/pacemaker.log
                """)).contains("12");
        assertThat(PacemakerSysconfig.nodeActionLimit("# PCMK_node_action_limit=4\n")).isEmpty();
        assertThat(PacemakerSysconfig.nodeActionLimit("PCMK_node_action_limit=\n")).isEmpty();
    }

    @Test
    void theFirstFileThatExistsCounts(@TempDir Path dir) throws Exception {
        Path debian = dir.resolve("default-pacemaker");
        Path redhat = dir.resolve("sysconfig-pacemaker");
        Files.writeString(redhat, "PCMK_node_action_limit=6\n");
        assertThat(PacemakerSysconfig.nodeActionLimit(List.of(debian, redhat))).contains("6");
        Files.writeString(debian, "PCMK_logfacility=daemon\n");
        assertThat(PacemakerSysconfig.nodeActionLimit(List.of(debian, redhat))).isEmpty();
    }
}
