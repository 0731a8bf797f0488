// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a small text file so that readers see the old text or the new one, never half: under a fresh random name
 * in the same directory (O_EXCL, so never through a link someone placed), then renamed over the file, which replaces
 * a symbolic link in its place instead of following it.
 */
public final class AtomicFile {
    private AtomicFile() {
    }

    /** @param permissions the new file's, e.g. {@code rw-------} (the umask still applies) */
    public static void write(Path file, String text, String permissions) throws IOException {
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions)));
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
