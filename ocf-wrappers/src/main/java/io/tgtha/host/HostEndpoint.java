// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Where the wrappers find the host: {@code RUN/host/endpoint}, one line {@code PORT TOKEN BUILD PID}, mode
 * 0600 in a 0700 directory owned by root. Only who can read it can drive the host: the token is checked on
 * every request.
 */
record HostEndpoint(int port, String token, String build, long pid) {

    static Path dir(Path runDir) {
        return runDir.resolve("host");
    }

    /** Creates (or checks) the host directory: a directory, not a link, owned by us, 0700. */
    static Path prepareDir(Path runDir) throws IOException {
        Path dir = dir(runDir);
        Files.createDirectories(runDir);
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // another host or a wrapper made it meanwhile: checked below like any other
            }
        }
        PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isDirectory() || a.isSymbolicLink()) {
            throw new IOException(dir + " is not a directory");
        }
        String me = System.getProperty("user.name");
        if (!a.owner().getName().equals(me)) {
            throw new IOException(dir + " belongs to " + a.owner().getName() + ", not " + me);
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        return dir;
    }

    /** Written aside and renamed: a wrapper reads either the old endpoint or the new one, never half. */
    void write(Path runDir) throws IOException {
        Path dir = dir(runDir);
        Path tmp = dir.resolve(".endpoint." + pid);
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, port + " " + token + " " + build + " " + pid + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, dir.resolve("endpoint"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static Optional<HostEndpoint> read(Path runDir) {
        try {
            String[] f = Files.readString(dir(runDir).resolve("endpoint"), StandardCharsets.US_ASCII).strip().split(" ");
            if (f.length != 4) {
                return Optional.empty();
            }
            return Optional.of(new HostEndpoint(Integer.parseInt(f[0]), f[1], f[2], Long.parseLong(f[3])));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Removes the endpoint if it is still ours (a newer host may have replaced it). */
    void removeIfOurs(Path runDir) {
        Optional<HostEndpoint> now = read(runDir);
        if (now.isPresent() && now.get().pid() == pid) {
            try {
                Files.deleteIfExists(dir(runDir).resolve("endpoint"));
            } catch (IOException ignored) {
                // a stale endpoint only makes the next wrapper fall back to a cold run and start a host
            }
        }
    }
}
