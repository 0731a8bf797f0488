// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.testkit;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Exclusive use of one tgtd control port (socket {@code /var/run/tgtd/socket.N}) for as long as the
 * lease is open. Parallel test JVMs share the mount namespace and so the socket paths; a POSIX lock
 * on {@code /run/tgtha-testkit/ctlport-N.lock} arbitrates, and a port whose tgtd lock file is held by
 * a running tgtd is skipped.
 */
public record ControlPortLease(int port, FileChannel channel, FileLock lock) implements AutoCloseable {
    private static final Path LOCK_DIR = Path.of("/run/tgtha-testkit");

    /** First free port in [from, to] (inclusive). */
    public static ControlPortLease acquire(int from, int to) {
        try {
            Files.createDirectories(LOCK_DIR);
        } catch (IOException e) {
            throw new LabException("cannot create " + LOCK_DIR, e);
        }
        for (int port = from; port <= to; port++) {
            ControlPortLease lease = tryLease(port);
            if (lease != null) {
                if (!tgtdHoldsPort(port)) {
                    return lease;
                }
                lease.close();
            }
        }
        throw new LabException("no free tgtd control port in " + from + "-" + to);
    }

    private static ControlPortLease tryLease(int port) {
        FileChannel ch = null;
        try {
            ch = FileChannel.open(LOCK_DIR.resolve("ctlport-" + port + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = ch.tryLock();
            if (lock != null) {
                return new ControlPortLease(port, ch, lock);
            }
        } catch (OverlappingFileLockException sameJvm) {
            // another lease of this JVM holds it
        } catch (IOException e) {
            throw new LabException("cannot lock control port " + port, e);
        }
        closeQuietly(ch);
        return null;
    }

    /** tgtd holds lockf() on byte 0 of {@code /var/run/tgtd/socket.N.lock} while it runs. */
    static boolean tgtdHoldsPort(int port) {
        Path tgtdLock = Path.of("/var/run/tgtd/socket." + port + ".lock");
        if (!Files.exists(tgtdLock)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(tgtdLock, StandardOpenOption.WRITE)) {
            FileLock probe = ch.tryLock(0, 1, false);
            if (probe == null) {
                return true;
            }
            probe.release();
            return false;
        } catch (IOException | OverlappingFileLockException e) {
            return true;
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }
}
