// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.lun;

import io.tgtha.agent.tgt.BoundedTgt;
import io.tgtha.agent.tgt.OfflineHold;
import io.tgtha.ocf.Deadline;
import io.tgtha.ocf.OcfException;
import io.tgtha.ocf.agent.OperationContext;
import io.tgtha.ocf.lock.FileMutex;
import io.tgtha.ocf.lock.MutexTimeoutException;
import io.tgtha.tgt.Target;
import io.tgtha.tgt.TargetState;
import io.tgtha.tgt.TgtError;
import io.tgtha.tgt.TgtRequestException;
import io.tgtha.tgt.TgtTimeoutException;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Deletes a LUN within the operation's deadline. tgtd refuses (LUN_ACTIVE) while commands for the LUN
 * are queued, which under load is nearly always; the stock agent loops until Pacemaker kills it. Here:
 * <ol>
 * <li>try the delete; on LUN_ACTIVE set the LUN offline (online=0), so its new commands fail at once
 *     instead of queueing, and retry with a short backoff for up to half a second (a quarter of the time at most);</li>
 * <li>still busy (an initiator keeps its queue full, e.g. no portblock in front): set the whole target
 *     offline so no initiator can log in again, close the target's connections and retry; afterwards the
 *     target is set ready again if it was, unless another LUN stop still holds it offline (its own
 *     {@link OfflineHold}), which then does (the other LUNs' initiators reconnect after a short pause);</li>
 * <li>then fail with a clear reason, still before Pacemaker's timeout.</li>
 * </ol>
 * In the configured order (portblock blocks, then LUNs stop, then the target) step 1 is all it takes.
 */
final class LunDeletion {
    private static final Duration RECLOSE_EVERY = Duration.ofMillis(500);

    private final OperationContext ctx;
    private final LunConfig config;
    private final BoundedTgt tgt;
    private final Path holdDir;
    private OfflineHold hold;

    LunDeletion(OperationContext ctx, LunConfig config, BoundedTgt tgt, Path holdDir) {
        this.ctx = ctx;
        this.config = config;
        this.tgt = tgt;
        this.holdDir = holdDir;
    }

    /** Returns once the LUN is gone (or was never there). */
    void delete(int tid) {
        long start = System.nanoTime();
        Duration remaining = tgt.deadline().remaining();
        Deadline gentleUntil = Deadline.after(Duration.ofMillis(Math.min(500, remaining.toMillis() / 4)));
        boolean lunOffline = false;
        boolean targetOfflined = false;
        long nextClose = 0;
        long pause = 5;
        int attempts = 0;
        try {
            while (true) {
                attempts++;
                if (tryDelete(tid)) {
                    if (attempts > 1) {
                        ctx.log().info("LUN " + config.lun() + " deleted after " + attempts + " attempts in "
                                + (System.nanoTime() - start) / 1_000_000 + " ms");
                    }
                    return;
                }
                if (!lunOffline) {
                    lunOffline = true;
                    setLunOffline(tid);
                }
                if (gentleUntil.expired()) {
                    if (!targetOfflined) {
                        targetOfflined = takeTargetOffline(tid, start);
                    }
                    if (System.nanoTime() >= nextClose) {
                        closeConnections(tid);
                        nextClose = System.nanoTime() + RECLOSE_EVERY.toNanos();
                    }
                    pause = 5;
                }
                // keep time to set the target ready again
                if (tgt.deadline().remaining().toMillis() < pause + 300) {
                    throw OcfException.generic("LUN " + config.lun() + " of " + config.targetIqn()
                            + " is still busy (tgtd: logical unit still active) after " + attempts + " attempts in "
                            + (System.nanoTime() - start) / 1_000_000 + " ms");
                }
                sleep(pause);
                pause = Math.min(pause * 2, 100);
            }
        } finally {
            if (targetOfflined) {
                restoreTarget(tid);
            } else if (hold != null) {
                hold.close();
            }
        }
    }

    private boolean tryDelete(int tid) {
        while (true) {
            try {
                return deleteOnce(tid);
            } catch (TgtTimeoutException e) {
                // in the 64 x 4 standby ten stops failed here with 12 s left
                tgt.askAgainOrThrow(e);
                ctx.log().debug("delete LUN " + config.lun() + ": " + e.getMessage() + "; asking again");
            }
        }
    }

    /** True when the LUN is gone (deleted now, or not there); false when tgtd says it is still active. */
    private boolean deleteOnce(int tid) {
        try {
            tgt.now().deleteLun(tid, config.lun());
            return true;
        } catch (TgtRequestException e) {
            if (e.error() == TgtError.NO_SUCH_LUN || e.error() == TgtError.NO_SUCH_TARGET) {
                return true;
            }
            if (e.error() != TgtError.LUN_ACTIVE) {
                throw e;
            }
            return false;
        }
    }

    private void setLunOffline(int tid) {
        try {
            tgt.now().updateLun(tid, config.lun(), Map.of("online", "0"));
        } catch (TgtRequestException e) {
            ctx.log().debug("setting LUN " + config.lun() + " offline: " + e.getMessage());
        }
    }

    /**
     * @return true when this deletion holds the target offline (and must set it ready again): it found
     *         the target ready, or offline under another LUN stop's live note, which it then joins so the
     *         target stays offline until the last of them is done. A target offline for any other reason
     *         (e.g. its own stop) is not ours to take or to set ready.
     */
    private boolean takeTargetOffline(int tid, long start) {
        try (FileMutex.Held ignored = lockDecisions("take target " + config.targetIqn() + " offline")) {
            return takeTargetOfflineLocked(tid, start);
        }
    }

    private boolean takeTargetOfflineLocked(int tid, long start) {
        Optional<Target> t = Optional.empty();
        for (Target x : tgt.reading().showTargets()) {
            if (x.tid() == tid) {
                t = Optional.of(x);
            }
        }
        if (t.isEmpty()) {
            return false;
        }
        boolean ready = t.get().state() == TargetState.READY;
        boolean joining = !ready && t.get().state() == TargetState.OFFLINE
                && OfflineHold.heldBy(holdDir, config.targetIqn()).isPresent();
        if (!ready && !joining) {
            return false;
        }
        ctx.log().warn("LUN " + config.lun() + " of " + config.targetIqn() + " still busy after "
                + (System.nanoTime() - start) / 1_000_000 + " ms: " + (joining ? "keeping" : "taking")
                + " the target offline and closing its connections until the LUN is deleted");
        // tell the target's concurrent monitor that offline is deliberate, before it can see it
        hold = OfflineHold.take(holdDir, config.targetIqn(), "lun" + config.lun(),
                "LUN " + config.lun() + " is being deleted");
        // also when joining: the other stop may have set it ready between our show and our note
        tgt.now().setTargetState(tid, TargetState.OFFLINE);
        return true;
    }

    /**
     * Ready first, note last: the target's monitor reads the state before the notes, and when it finds
     * "offline" with no note it looks again, counting on a target whose note is gone to be ready already.
     * Another LUN stop still holding the target offline (its own note) sets it ready when it is done.
     */
    private void restoreTarget(int tid) {
        // the note goes inside the lock: two stops finishing together must not both still see the other's
        try (FileMutex.Held ignored = lockDecisions("set target " + config.targetIqn() + " ready")) {
            try {
                Optional<String> other = hold != null ? hold.otherHolder(holdDir, config.targetIqn()) : Optional.empty();
                if (other.isPresent()) {
                    ctx.log().info("target " + config.targetIqn() + " stays offline: another LUN stop still holds it ("
                            + other.get() + ")");
                    return;
                }
                tgt.until(Deadline.after(Duration.ofMillis(Math.max(200, tgt.deadline().remaining().toMillis()))))
                        .now().setTargetState(tid, TargetState.READY);
            } catch (RuntimeException e) {
                ctx.log().error("could not set target " + config.targetIqn() + " ready again: " + e.getMessage());
            } finally {
                if (hold != null) {
                    hold.close();
                }
            }
        }
    }

    /**
     * The node-wide lock around offline/ready decisions ({@link OfflineHold#lockDecisions}), waiting at
     * most 2 s. Without it (a stuck holder, an unwritable directory) we go on unlocked: the race it closes
     * needs two LUN stops of one target deciding within milliseconds, a hung stop is worse. Null then.
     */
    private FileMutex.Held lockDecisions(String why) {
        try {
            return OfflineHold.lockDecisions(holdDir, Deadline.after(tgt.deadline().cap(Duration.ofSeconds(2))), why);
        } catch (MutexTimeoutException | IOException e) {
            ctx.log().warn("going on without the offline-decisions lock: " + e.getMessage());
            return null;
        }
    }

    private void closeConnections(int tid) {
        tgt.closeConnections(tid, ctx.log()::debug);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw OcfException.generic("interrupted");
        }
    }
}
