// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.tgt;

import io.tgtha.ocf.Deadline;
import io.tgtha.ocf.ProcessStart;
import io.tgtha.ocf.lock.FileMutex;
import io.tgtha.ocf.lock.MutexTimeoutException;
import io.tgtha.ocf.state.StateFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

/**
 * A note that a target is offline on purpose for a moment, left by the LUN agent while it takes the
 * target offline to get a busy LUN deleted. Pacemaker runs the target's recurring monitor concurrently
 * with a LUN's stop; without the note that monitor would see "state offline", report a failure and make
 * Pacemaker restart the target in the middle of the LUN's stop. The note names its holder by pid and the
 * process's start time (/proc/PID/stat field 22), so a holder that died leaves no lasting excuse, even when
 * its pid has since been given to another process.
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
    /** Marks the holder's start time, the word after its pid; notes without it (older agents) name a pid only. */
    private static final String START = "start=";

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
            long pid = ProcessHandle.current().pid();
            OptionalLong start = ProcessStart.ticksOf(pid);
            f = writeNote(dir, iqn, holder, pid + (start.isPresent() ? " " + START + start.getAsLong() : ""), why);
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

    /** {@code <iqn>+<holder>.hold} saying "OWNER WHY" (OWNER: "operator", or "PID start=TICKS"); a {@link StateFile}: 0600, renamed into place. */
    private static Path writeNote(Path dir, String iqn, String holder, String owner, String why) throws IOException {
        Path f = dir.resolve(iqn + "+" + holder + SUFFIX);
        StateFile.write(f, owner + " " + why.replace('\n', ' ') + "\n");
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
        try (DirectoryStream<Path> notes = Files.newDirectoryStream(dir,
                p -> p.getFileName().toString().startsWith(prefix) && p.getFileName().toString().endsWith(SUFFIX))) {
            return StreamSupport.stream(notes.spliterator(), false).filter(p -> !p.equals(except))
                    .map(OfflineHold::live).flatMap(Optional::stream).findFirst();
        } catch (IOException e) {
            return Optional.empty(); // no directory: nobody ever held a target offline here
        }
    }

    private static Optional<String> live(Path f) {
        String text;
        try {
            text = Files.readString(f, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return Optional.empty();
        }
        Matcher note = NOTE.matcher(text);
        if (!note.matches()) {
            return Optional.empty(); // garbage: not a valid hold
        }
        String why = note.group(4) == null ? "?" : note.group(4);
        if (note.group(1) != null) {
            return Optional.of(why + " (tgtha drain)");
        }
        long pid = Long.parseLong(note.group(2));
        boolean alive = note.group(3) == null
                ? ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent()
                : ProcessStart.ticksOf(pid).equals(OptionalLong.of(Long.parseLong(note.group(3))));
        return alive ? Optional.of(why + " (pid " + pid + ")") : Optional.empty();
    }

    /** "operator WHY", or "PID [start=TICKS] WHY". */
    private static final Pattern NOTE = Pattern.compile("(?:(" + OPERATOR + ")|([0-9]{1,18})(?: " + START
            + "([0-9]{1,18}))?)(?: (.*))?", Pattern.DOTALL);

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
