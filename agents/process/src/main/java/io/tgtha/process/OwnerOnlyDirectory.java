// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A directory that belongs to this user and that nobody else can write to: whoever can write to a directory can
 * put a link or a file of their own where we create ours. Used for the lock files ({@link LockFile}) and the
 * agents' state files.
 */
public final class OwnerOnlyDirectory {
    private OwnerOnlyDirectory() {
    }

    /**
     * {@code file}'s directory, created with {@code permissions} (e.g. {@code rwx------}) whatever the caller's
     * umask when absent; an existing one of another owner, or writable by group or others, is refused.
     *
     * @param what what the directory holds, for the message ("lock", "state")
     */
    public static Path of(Path file, String permissions, String what) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions)));
        }
        String me = System.getProperty("user.name");
        PosixFileAttributes d = Files.readAttributes(dir, PosixFileAttributes.class);
        if (!d.owner().getName().equals(me) || d.permissions().contains(PosixFilePermission.GROUP_WRITE)
                || d.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IOException("unsafe " + what + " directory " + dir + ": it must belong to " + me
                    + " and be writable by it alone");
        }
        return dir;
    }
}
