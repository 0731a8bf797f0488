// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.tgt;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgtha.ocf.ProcessStart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

/** The offline notes the LUN stop leaves for the target's monitor. */
class OfflineHoldTest {
    static final String IQN = "iqn.2026-01.io.tgtha:unit.t1";

    @TempDir
    Path dir;

    /**
     * With one note per target, the first of two LUN stops to finish removed the note the second still
     * needed: the target sat offline for the second with nothing excusing it.
     */
    @Test
    void twoLunStopsOfOneTargetKeepTheirOwnNotes() {
        OfflineHold lun1 = OfflineHold.take(dir, IQN, "lun1", "LUN 1 is being deleted");
        OfflineHold lun2 = OfflineHold.take(dir, IQN, "lun2", "LUN 2 is being deleted");
        assertThat(lun1.otherHolder(dir, IQN)).hasValueSatisfying(h -> assertThat(h).startsWith("LUN 2"));
        lun1.close();
        assertThat(OfflineHold.heldBy(dir, IQN)).hasValueSatisfying(h -> assertThat(h).startsWith("LUN 2"));
        assertThat(lun2.otherHolder(dir, IQN)).isEmpty();
        lun2.close();
        assertThat(OfflineHold.heldBy(dir, IQN)).isEmpty();
    }

    @Test
    void anotherTargetsNotesExcuseNothingEvenWhenItsNameExtendsThisOne() {
        try (OfflineHold other = OfflineHold.take(dir, IQN + ".b", "lun1", "LUN 1 of another target")) {
            assertThat(OfflineHold.heldBy(dir, IQN)).isEmpty();
            assertThat(OfflineHold.heldBy(dir, IQN + ".b")).isPresent();
        }
    }

    @Test
    void theSingleNoteOfEarlierVersionsStillExcusesWhileItsWriterLives() throws Exception {
        Files.writeString(dir.resolve(IQN + ".hold"), ProcessHandle.current().pid() + " LUN 3 is being deleted\n");
        assertThat(OfflineHold.heldBy(dir, IQN)).hasValueSatisfying(h -> assertThat(h).startsWith("LUN 3"));
        Files.writeString(dir.resolve(IQN + ".hold"), "999999999 LUN 3 is being deleted\n");
        assertThat(OfflineHold.heldBy(dir, IQN)).isEmpty();
    }

    /**
     * Issue 17: a note named its holder by pid alone, so once the holder had died and the kernel gave its pid
     * to another process, the note excused an offline target for as long as that process lived. A note now
     * carries the holder's start time too; the same pid with another start time is another process.
     */
    @Test
    void aNoteWhosePidNowBelongsToAnotherProcessIsStale() throws Exception {
        Process child = new ProcessBuilder("sleep", "60").start();
        try {
            long pid = child.pid();
            long start = ProcessStart.ticksOf(pid).orElseThrow();
            Path note = dir.resolve(IQN + "+lun4.hold");
            Files.writeString(note, pid + " start=" + start + " LUN 4 is being deleted\n");
            assertThat(OfflineHold.heldBy(dir, IQN)).hasValueSatisfying(h -> assertThat(h).startsWith("LUN 4"));
            // the pid as a process started at another moment would own it: what pid reuse looks like
            Files.writeString(note, pid + " start=" + (start + 1) + " LUN 4 is being deleted\n");
            assertThat(OfflineHold.heldBy(dir, IQN)).isEmpty();
            Files.writeString(note, pid + " start=" + start + " LUN 4 is being deleted\n");
            child.destroyForcibly().waitFor();
            assertThat(OfflineHold.heldBy(dir, IQN)).as("holder gone").isEmpty();
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void aNoteNamesItsHolderByPidAndStartTime() throws Exception {
        try (OfflineHold h = OfflineHold.take(dir, IQN, "lun1", "LUN 1 is being deleted")) {
            long pid = ProcessHandle.current().pid();
            assertThat(Files.readString(dir.resolve(IQN + "+lun1.hold")))
                    .isEqualTo(pid + " start=" + ProcessStart.ticksOf(pid).orElseThrow() + " LUN 1 is being deleted\n");
            assertThat(OfflineHold.heldBy(dir, IQN)).contains("LUN 1 is being deleted (pid " + pid + ")");
        }
    }

    @Test
    void noDirectoryMeansNoHolder() {
        assertThat(OfflineHold.heldBy(dir.resolve("absent"), IQN)).isEmpty();
    }

    @Test
    void aNoteLeavesNoTemporaryFileBehind() throws Exception {
        try (OfflineHold h = OfflineHold.take(dir, IQN, "lun1", "LUN 1 is being deleted")) {
            try (var files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly(IQN + "+lun1.hold");
            }
        }
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).isEmpty();
        }
    }
}
