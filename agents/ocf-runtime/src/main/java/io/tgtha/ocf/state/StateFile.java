// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;

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
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        String me = System.getProperty("user.name");
        PosixFileAttributes d = Files.readAttributes(dir, PosixFileAttributes.class);
        if (!d.owner().getName().equals(me) || d.permissions().contains(PosixFilePermission.GROUP_WRITE)
                || d.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IOException("unsafe state directory " + dir + ": it must belong to " + me
                    + " and be writable by it alone");
        }
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
