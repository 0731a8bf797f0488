// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import io.tgtha.testkit.Exec;
import io.tgtha.testkit.ExecResult;
import io.tgtha.testkit.Lab;
import io.tgtha.testkit.LabConfig;
import io.tgtha.testkit.TgtLab;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13: completion knew no IQNs, resource ids or node names. The generated script run by a real bash
 * (words from a stand-in tgtha on PATH, so only the script's logic is under test), and the word source
 * itself against captured cluster output and a real tgtd.
 */
class CompletionTest {
    static final Duration T = Duration.ofSeconds(30);
    static final String IQN = "iqn.2026-01.io.tgtha.lab:t1";

    @TempDir
    Path dir;
    Path script;

    @BeforeEach
    void writeScriptAndStandIn() throws Exception {
        script = dir.resolve("tgtha-completion");
        Files.writeString(script, Run.tgtha(dir, "generate-completion").out());
        // the stand-in answers complete-words as the real one would on a node with one target in a cluster,
        // and records the control port it was asked about
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.writeString(bin.resolve("tgtha"), """
                #!/bin/sh
                [ "$1" = complete-words ] || exit 2
                echo "$*" > "$(dirname "$0")/asked"
                case $2 in
                  targets) echo %1$s ;;
                  resources) printf '%%s\\n' %1$s t1-target g-t1 ;;
                  nodes) printf '%%s\\n' cl-n1 cl-n2 ;;
                esac
                """.formatted(IQN));
        Files.setPosixFilePermissions(bin.resolve("tgtha"), PosixFilePermissions.fromString("rwx------"));
    }

    /** COMPREPLY for the command line up to the cursor (at its end), split into words the way bash does. */
    List<String> complete(String line) {
        String bash = "source " + script + "\n"
                + "COMP_LINE=" + quote(line) + "; COMP_POINT=${#COMP_LINE}\n"
                + "read -ra COMP_WORDS <<< \"${COMP_LINE//:/ : }\"\n"
                + "[[ $COMP_LINE == *' ' ]] && COMP_WORDS+=('')\n"
                + "COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))\n"
                + "_tgtha_complete tgtha \"${COMP_WORDS[COMP_CWORD]}\" \"${COMP_WORDS[COMP_CWORD-1]}\"\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        ExecResult r = Exec.run(T, List.of("bash", "-c", bash),
                Map.of("PATH", dir.resolve("bin") + ":" + System.getenv("PATH")));
        assertThat(r.ok()).as(r.toString()).isTrue();
        return r.stdout().lines().filter(l -> !l.isEmpty()).toList();
    }

    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    @Test
    void aTargetArgumentCompletesToTheIqnsOfThisNode() throws Exception {
        assertThat(complete("tgtha drain ")).containsExactly(IQN);
        assertThat(complete("tgtha status -C 4005 iqn.2026")).containsExactly(IQN);
        assertThat(Files.readString(dir.resolve("bin/asked")).strip()).isEqualTo("complete-words targets -C 4005");
        // after the colon bash replaces only the part behind it
        assertThat(complete("tgtha ready iqn.2026-01.io.tgtha.lab:t")).containsExactly("t1");
    }

    @Test
    void failoverCompletesResourcesAndItsDestinationToNodeNames() {
        assertThat(complete("tgtha failover g")).containsExactly("g-t1");
        assertThat(complete("tgtha failover g-t1 --to ")).containsExactly("cl-n1", "cl-n2");
        assertThat(complete("tgtha --json failover g-t1 --to cl-n")).containsExactly("cl-n1", "cl-n2");
    }

    @Test
    void optionsAndOptionValuesAreNotTargets() {
        assertThat(complete("tgtha status --port ")).isEmpty();
        assertThat(complete("tgtha drain --ti")).containsExactly("--timeout");
        assertThat(complete("tgtha st")).containsExactly("status");
    }

    @Test
    void theWordSourceReadsNodesAndResourcesFromTheCluster() {
        Run nodes = Run.tgtha(new FakeCluster(CrmMonXmlTest.HEALTHY), dir, "complete-words", "nodes");
        assertThat(nodes.exitCode()).isZero();
        assertThat(nodes.out().lines()).containsExactly("cl-n1", "cl-n2");
        // no tgtd on this control port: the cluster's words are all there are, and no error shows
        Run resources = Run.tgtha(new FakeCluster(CrmMonXmlTest.HEALTHY), dir, "complete-words", "resources", "-C", "4097");
        assertThat(resources.out().lines()).containsExactly(IQN, "t1-target", "g-t1");
        assertThat(resources.err()).isEmpty();
        Run none = Run.tgtha(command -> {
            throw new io.tgtha.ocf.exec.CommandNotFoundException(command, new java.io.IOException("no such file"));
        }, dir, "complete-words", "targets", "-C", "4097");
        assertThat(none.exitCode()).isZero();
        assertThat(none.out()).isEmpty();
        assertThat(none.err()).isEmpty();
    }

    @Test
    void theWordSourceReadsTheIqnsOfARealTgtd() {
        Lab.requireRoot("tgtd", "tgtadm");
        try (TgtLab lab = TgtLab.start(LabConfig.of("op", "10.231.4", 4001, 4099))) {
            lab.tgtd().tgtadm("--lld", "iscsi", "--op", "new", "--mode", "target", "--tid", "2",
                    "-T", "iqn.2026-01.io.tgtha:op.complete").orThrow();
            Run run = Run.tgtha(new FakeCluster(CrmMonXmlTest.HEALTHY), dir, "complete-words", "targets",
                    "-C", Integer.toString(lab.tgtd().controlPort()));
            assertThat(run.out().lines()).containsExactly("iqn.2026-01.io.tgtha:op.complete", IQN);
        }
    }
}
