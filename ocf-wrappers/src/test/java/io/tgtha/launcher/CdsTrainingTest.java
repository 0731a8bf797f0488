// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The training run, as tgtha-agent --create-cds-archive starts it (a JVM of its own, TGT_IPC_SOCKET
 * pointing into a directory that does not exist yet): the monitors of running resources must take
 * their success path, or the archive silently lacks the classes a real monitor loads.
 */
class CdsTrainingTest {
    @TempDir
    Path dir;

    private Proc train(Path socketBase) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return Proc.run(Duration.ofSeconds(120), Map.of("TGT_IPC_SOCKET", socketBase.toString(),
                        "TGTHA_RUN_DIR", dir.resolve("run").toString()), null,
                java, "-cp", System.getProperty("java.class.path"), "io.tgtha.launcher.CdsTraining");
    }

    private static boolean tgtdInstalled() {
        return Files.isExecutable(Path.of("/usr/sbin/tgtd")) || Files.isExecutable(Path.of("/sbin/tgtd"));
    }

    @Test
    void everyMonitorOfTheTrainingResourcesSucceedsAndNothingIsLeftBehind() {
        assumeTrue(tgtdInstalled(), "the target and lun agents stop at 'tgtd not installed' without tgt");
        Path privateDir = dir.resolve("cds-training.1");
        Proc p = train(privateDir.resolve("socket"));
        assertThat(p.rc()).as(p.describe()).isZero();
        assertThat(p.stderr()).as(p.describe())
                .containsPattern("(\\d+) of \\1 operations on running resources succeeded")
                .contains("0 refused");
        assertThat(privateDir).as("the training's own directory is removed again").doesNotExist();
    }

    @Test
    void refusesToTouchAnExistingSocketPath() throws Exception {
        Path privateDir = Files.createDirectory(dir.resolve("cds-training.2"));
        Path taken = privateDir.resolve("socket." + CdsTraining.TRAINING_CONTROL_PORT);
        Files.writeString(taken, "not ours");
        Proc p = train(privateDir.resolve("socket"));
        assertThat(p.rc()).as(p.describe()).isZero();
        assertThat(p.stderr()).contains("refusing to replace it").doesNotContain("operations on running resources");
        assertThat(taken).hasContent("not ours");
        assertThat(privateDir).as("a directory it did not create stays").isDirectory();
    }
}
