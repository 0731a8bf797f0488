package io.tgtha.agent.target;

import io.tgtha.ocf.lock.FileMutex;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A note that a target is offline on purpose for a moment, left by the LUN agent while it takes the
 * target offline to get a busy LUN deleted. Pacemaker runs the target's recurring monitor concurrently
 * with a LUN's stop; without the note that monitor would see "state offline", report a failure and make
 * Pacemaker restart the target in the middle of the LUN's stop. The note names its holder's pid, so a
 * holder that died leaves no lasting excuse.
 */
public final class OfflineHold implements AutoCloseable {
    private final Path file;

    private OfflineHold(Path file) {
        this.file = file;
    }

    /** {@code /run/tgtha/offline} (TGTHA_RUN_DIR moves /run/tgtha), beside the lock directory. */
    public static Path defaultDir() {
        return FileMutex.defaultLockDir().resolveSibling("offline");
    }

    public static OfflineHold take(Path dir, String iqn, String why) {
        Path f = dir.resolve(iqn + ".hold");
        try {
            Files.createDirectories(dir);
            Files.writeString(f, ProcessHandle.current().pid() + " " + why.replace('\n', ' ') + "\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            // without the note a concurrent monitor may fail the target; the LUN stop itself still works
            return new OfflineHold(null);
        }
        return new OfflineHold(f);
    }

    /** Who holds the target offline, if a live process does. */
    public static Optional<String> heldBy(Path dir, String iqn) {
        Path f = dir.resolve(iqn + ".hold");
        String text;
        try {
            text = Files.readString(f, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return Optional.empty();
        }
        String[] parts = text.split(" ", 2);
        try {
            long pid = Long.parseLong(parts[0]);
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                return Optional.of((parts.length > 1 ? parts[1] : "?") + " (pid " + pid + ")");
            }
        } catch (NumberFormatException ignored) {
            // garbage: not a valid hold
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a stale hold is harmless once its pid is gone
            }
        }
    }
}
