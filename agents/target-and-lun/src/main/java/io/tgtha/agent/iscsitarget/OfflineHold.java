package io.tgtha.agent.iscsitarget;

import io.tgtha.ocf.Deadline;
import io.tgtha.ocf.lock.FileMutex;
import io.tgtha.ocf.lock.MutexTimeoutException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * A note that a target is offline on purpose for a moment, left by the LUN agent while it takes the
 * target offline to get a busy LUN deleted. Pacemaker runs the target's recurring monitor concurrently
 * with a LUN's stop; without the note that monitor would see "state offline", report a failure and make
 * Pacemaker restart the target in the middle of the LUN's stop. The note names its holder's pid, so a
 * holder that died leaves no lasting excuse.
 * <p>
 * One note per holder ({@code <iqn>+<holder>.hold}; {@code +} cannot occur in an iSCSI name, so no IQN
 * is a prefix of another's notes): two LUNs of one target stopping at once must not remove each other's
 * note, or the target would sit offline for the second stop with no note at all.
 * <p>
 * The protocol the target monitor relies on: a holder writes its note before it sets the target
 * offline and removes it only after the target is ready again (or after it has left the target offline
 * to another live holder, who will set it ready).
 */
public final class OfflineHold implements AutoCloseable {
    private static final String SUFFIX = ".hold";
    /** The holder and first word of {@code tgtha drain}'s note, in place of a pid. */
    private static final String OPERATOR = "operator";

    private final Path file;

    private OfflineHold(Path file) {
        this.file = file;
    }

    /** {@code /run/tgtha/offline} (TGTHA_RUN_DIR moves /run/tgtha), beside the lock directory. */
    public static Path defaultDir() {
        return FileMutex.defaultLockDir().resolveSibling("offline");
    }

    /**
     * @param holder who holds it, unique among the target's holders and safe in a file name, e.g. "lun3"
     */
    public static OfflineHold take(Path dir, String iqn, String holder, String why) {
        Path f;
        try {
            f = writeNote(dir, iqn, holder, Long.toString(ProcessHandle.current().pid()), why);
        } catch (IOException e) {
            // without the note a concurrent monitor may fail the target; the LUN stop itself still works
            return new OfflineHold(null);
        }
        return new OfflineHold(f);
    }

    /**
     * {@code tgtha drain}'s note: no pid, because the drain outlives the command. It lasts until
     * {@code tgtha ready} ({@link #endOperatorDrain}) or until the target's own stop or start removes it, so
     * a drained target is not failed by its monitor, and a target that failed over comes back ready.
     * Written before the target is set offline, removed after it is ready again (the protocol above).
     */
    public static void drainedByOperator(Path dir, String iqn, String why) throws IOException {
        writeNote(dir, iqn, OPERATOR, OPERATOR, why);
    }

    /** {@code <iqn>+<holder>.hold} saying "OWNER WHY", written aside and renamed: never read half-written. */
    private static Path writeNote(Path dir, String iqn, String holder, String owner, String why) throws IOException {
        Files.createDirectories(dir);
        Path f = dir.resolve(iqn + "+" + holder + SUFFIX);
        Path tmp = dir.resolve("." + f.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        Files.writeString(tmp, owner + " " + why.replace('\n', ' ') + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return f;
    }

    /** Ends {@code tgtha drain}'s hold of {@code iqn} (nothing when there is none). */
    public static void endOperatorDrain(Path dir, String iqn) throws IOException {
        Files.deleteIfExists(dir.resolve(iqn + "+" + OPERATOR + SUFFIX));
    }

    /**
     * Serialises the holders' decisions (take the target offline or join; set it ready or leave it to
     * another holder) node-wide. Without it two LUN stops finishing together each saw the other's note,
     * each left the target to the other, and it stayed offline (seen in TwoLunStopsOfOneTargetAtOnceLabTest).
     * Held for a tgtd request or two only; the notes themselves are read without it.
     */
    public static FileMutex.Held lockDecisions(Path dir, Deadline wait, String why)
            throws MutexTimeoutException, IOException {
        return new FileMutex(dir, "decisions").acquire(wait, why);
    }

    /** Who holds the target offline, if a live process does. */
    public static Optional<String> heldBy(Path dir, String iqn) {
        return liveHold(dir, iqn, null);
    }

    /** Another live holder of the same target, if there is one (then it sets the target ready, not we). */
    public Optional<String> otherHolder(Path dir, String iqn) {
        return liveHold(dir, iqn, file);
    }

    /**
     * The first live note of {@code iqn} other than {@code except}. Also reads {@code <iqn>.hold}, the one
     * note per target that agents before per-holder notes wrote, so a mixed-version node still excuses.
     */
    private static Optional<String> liveHold(Path dir, String iqn, Path except) {
        Optional<String> legacy = live(dir.resolve(iqn + SUFFIX));
        if (legacy.isPresent()) {
            return legacy;
        }
        String prefix = iqn + "+";
        try (DirectoryStream<Path> notes = Files.newDirectoryStream(dir)) {
            for (Path p : notes) {
                String name = p.getFileName().toString();
                if (name.startsWith(prefix) && name.endsWith(SUFFIX) && !p.equals(except)) {
                    Optional<String> h = live(p);
                    if (h.isPresent()) {
                        return h;
                    }
                }
            }
        } catch (IOException e) {
            // no directory: nobody ever held a target offline here
        }
        return Optional.empty();
    }

    private static Optional<String> live(Path f) {
        String text;
        try {
            text = Files.readString(f, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return Optional.empty();
        }
        String[] parts = text.split(" ", 2);
        if (parts[0].equals(OPERATOR)) {
            return Optional.of((parts.length > 1 ? parts[1] : "?") + " (tgtha drain)");
        }
        try {
            long pid = Long.parseLong(parts[0]);
            Optional<ProcessHandle> holder = ProcessHandle.of(pid); // no map(method reference): monitors read this
            if (holder.isPresent() && holder.get().isAlive()) {
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
