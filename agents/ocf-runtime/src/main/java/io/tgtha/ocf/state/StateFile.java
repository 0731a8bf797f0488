// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.state;

import io.tgtha.process.AtomicFile;
import io.tgtha.process.OwnerOnlyDirectory;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A small state file (a hold note, a "started" mark) only its owner reads and writes: 0600 whatever the
 * caller's umask, in a directory only its owner can write (created 0700), written under a fresh random name
 * (O_EXCL: never through a link someone placed) and renamed over the old one, which replaces a symbolic link
 * in its place instead of following it. Readers never see it half-written.
 */
public final class StateFile {
    private StateFile() {
    }

    public static void write(Path file, String text) throws IOException {
        OwnerOnlyDirectory.of(file, "rwx------", "state");
        AtomicFile.write(file, text, "rw-------");
    }
}
