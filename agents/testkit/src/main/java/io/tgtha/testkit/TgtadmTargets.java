// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.testkit;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Targets made with tgtadm in a lab's tgtd, and the sparse files their LUNs are backed by. */
public final class TgtadmTargets {
    private TgtadmTargets() {
    }

    /** Target TID named IQN with LUN 1 on BACKING, open to every initiator address ({@code -I ALL}). */
    public static void openWithOneLun(TgtLab lab, int tid, String iqn, Path backing) {
        String t = Integer.toString(tid);
        lab.tgtd().tgtadm("--lld", "iscsi", "--op", "new", "--mode", "target", "--tid", t, "-T", iqn).orThrow();
        lab.tgtd().tgtadm("--lld", "iscsi", "--op", "new", "--mode", "logicalunit", "--tid", t, "--lun", "1",
                "-b", backing.toString()).orThrow();
        lab.tgtd().tgtadm("--lld", "iscsi", "--op", "bind", "--mode", "target", "--tid", t, "-I", "ALL").orThrow();
    }

    /** FILE made (or cut) to BYTES without writing them: a LUN's backing store that costs no disk. */
    public static Path sparseFile(Path file, long bytes) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
