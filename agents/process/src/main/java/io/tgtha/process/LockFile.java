// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.process;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Opens a lock file nobody else can lock. Whoever can open a file can hold an fcntl lock on it forever, and every
 * change serialised on it (packet filter, account slots) would then wait for it until its deadline. So the
 * directory must be ours and writable by us only (created 0755 whatever the caller's umask), the file is never
 * followed through a symbolic link (O_NOFOLLOW), must be ours, and is made 0600 if an older install or a caller's
 * umask left it readable. Used by ocf-runtime's FileMutex and tgt-client's AccountSlotLock.
 */
public final class LockFile {
    private static final Set<PosixFilePermission> OWNER_RW = PosixFilePermissions.fromString("rw-------");

    private LockFile() {
    }

    /** Read and write, created 0600 when absent; the caller closes it. */
    public static FileChannel openOwnerOnly(Path file) throws IOException {
        OwnerOnlyDirectory.of(file, "rwxr-xr-x", "lock");
        String me = System.getProperty("user.name");
        FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(OWNER_RW));
        try {
            PosixFileAttributes a = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.owner().getName().equals(me)) {
                throw new IOException("lock file " + file + " belongs to " + a.owner().getName() + ", not " + me);
            }
            if (!a.permissions().equals(OWNER_RW)) {
                Files.setPosixFilePermissions(file, OWNER_RW);
            }
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }
}
