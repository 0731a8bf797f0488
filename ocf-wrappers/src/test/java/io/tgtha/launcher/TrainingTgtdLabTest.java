// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.launcher;

import io.tgtha.testkit.ExecResult;
import io.tgtha.testkit.Lab;
import io.tgtha.testkit.LabConfig;
import io.tgtha.testkit.TgtLab;
import io.tgtha.testkit.TgtadmTargets;
import io.tgtha.testkit.TgtdProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The training's canned show output must be what a real tgtd prints for the training state, or the
 * archive would be trained on a parse path real monitors never take. Builds that state in a real
 * tgtd (1.0.85 here) with tgtadm and compares, byte for byte, all but the LUN's backing file and size.
 */
class TrainingTgtdLabTest {
    @TempDir
    Path dir;

    @Test
    void cannedOutputIsWhatRealTgtdPrintsForTheTrainingState() throws IOException {
        Lab.requireRoot("tgtd", "tgtadm");
        Path image = TgtadmTargets.sparseFile(dir.resolve("training.img"), 16L << 20);
        try (TgtLab lab = TgtLab.start(LabConfig.of("wr", "10.231.5", 5010, 5089))) {
            TgtdProcess tgtd = lab.tgtd();
            ok(tgtd.tgtadm("--lld", "iscsi", "--op", "new", "--mode", "account", "--user", TrainingTgtd.ACCOUNT,
                    "--password", "training-secret-not-used"));
            ok(tgtd.tgtadm("--lld", "iscsi", "--op", "bind", "--mode", "account", "--user", TrainingTgtd.ACCOUNT));
            ok(tgtd.tgtadm("--lld", "iscsi", "--op", "new", "--mode", "target", "--tid", "1", "-T", TrainingTgtd.IQN));
            ok(tgtd.tgtadm("--lld", "iscsi", "--op", "new", "--mode", "logicalunit", "--tid", "1", "--lun", "1",
                    "-b", image.toString()));
            ok(tgtd.tgtadm("--lld", "iscsi", "--op", "update", "--mode", "logicalunit", "--tid", "1", "--lun", "1",
                    "--params", "scsi_id=cds-tra-759ef7e42942eacd06c651e1,scsi_sn=f7cedcbd"));
            ok(tgtd.tgtadm("--lld", "iscsi", "--op", "bind", "--mode", "account", "--tid", "1", "--user",
                    TrainingTgtd.ACCOUNT));
            ok(tgtd.tgtadm("--lld", "iscsi", "--op", "bind", "--mode", "target", "--tid", "1",
                    "--initiator-address", "192.0.2.0/24"));
            ok(tgtd.tgtadm("--lld", "iscsi", "--op", "bind", "--mode", "target", "--tid", "1",
                    "--initiator-name", "iqn.2026-01.io.tgtha:cds-initiator"));

            String target = ok(tgtd.tgtadm("--lld", "iscsi", "--op", "show", "--mode", "target"))
                    .replace("Backing store path: " + image, "Backing store path: " + TrainingTgtd.LUN_PATH)
                    .replaceAll("Size: \\d+ MB, Block size: 512", "Size: 17 MB, Block size: 512");
            assertThat(target).isEqualTo(TrainingTgtd.SHOW_TARGET);
            assertThat(ok(tgtd.tgtadm("--lld", "iscsi", "--op", "show", "--mode", "account")))
                    .isEqualTo(TrainingTgtd.SHOW_ACCOUNT);
            // system show lists the backing stores this tgt build has: compare the part monitors read
            String system = ok(tgtd.tgtadm("--op", "show", "--mode", "system"));
            assertThat(section(system, "    Account information:")).isEqualTo(
                    section(TrainingTgtd.SHOW_SYSTEM, "    Account information:"));
            assertThat(system).startsWith("System:\n    State: ready\n");
        }
    }

    /** From the heading to the next line that is not indented by more than four spaces. */
    private static String section(String text, String heading) {
        int start = text.indexOf(heading);
        assertThat(start).as("'" + heading + "' in\n" + text).isNotNegative();
        StringBuilder out = new StringBuilder(heading).append('\n');
        String[] lines = text.substring(start + heading.length() + 1).split("\n", -1);
        for (String line : lines) {
            if (!line.isEmpty() && !line.startsWith("     ") && !line.startsWith("    " + TrainingTgtd.ACCOUNT)) {
                break;
            }
            out.append(line).append('\n');
        }
        return out.toString();
    }

    private static String ok(ExecResult r) {
        assertThat(r.exitCode()).as(r.command() + ": " + r.stderr()).isZero();
        return r.stdout();
    }
}
