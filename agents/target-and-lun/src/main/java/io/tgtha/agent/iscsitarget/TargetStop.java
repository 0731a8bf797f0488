// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.iscsitarget;

import io.tgtha.agent.tgt.BoundedTgt;
import io.tgtha.ocf.Deadline;
import io.tgtha.ocf.OcfException;
import io.tgtha.ocf.OcfExitCode;
import io.tgtha.ocf.agent.OperationContext;
import io.tgtha.ocf.lock.FileMutex;
import io.tgtha.tgt.Target;
import io.tgtha.tgt.TargetState;
import io.tgtha.tgt.TgtError;
import io.tgtha.tgt.TgtException;
import io.tgtha.tgt.TgtRequestException;
import io.tgtha.tgt.TgtTimeoutException;

import java.time.Duration;
import java.util.Optional;

/**
 * Stop in a fixed number of steps, each bounded by the stop timeout:
 * <ol>
 * <li>set the target offline: tgtd refuses new logins (initiators retrying cannot come back);</li>
 * <li>close every connection of the target;</li>
 * <li>wait for its I_T nexuses to go (connection close is asynchronous in tgtd), but only until a reserve
 *     of the timeout is left;</li>
 * <li>delete the target, with {@code --force} if sessions are still there; accounts are not unbound first
 *     (deleting the target frees its account slots; unbinding could crash tgtd 1.0.85);</li>
 * <li>confirm it is gone.</li>
 * </ol>
 * The stock agent loops on delete "until we time out", which makes Pacemaker's timeout, and with it
 * fencing, the normal way a busy target stops.
 */
record TargetStop(OperationContext ctx, TargetConfig config, BoundedTgt tgt, FileMutex mutex) {
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration RECLOSE_EVERY = Duration.ofMillis(1000);

    /** What is kept back from the drain wait for the forced delete and its confirmation. */
    static Duration reserve(Duration remaining) {
        long ms = Math.max(500, Math.min(3000, remaining.toMillis() / 4));
        return Duration.ofMillis(Math.min(ms, remaining.toMillis() / 2));
    }

    OcfExitCode run() {
        try {
            Optional<Target> found = find(tgt);
            if (found.isPresent()) {
                stopTarget(found.get().tid());
            } else {
                ctx.log().info("target " + config.iqn() + " is not present: already stopped");
            }
            cleanUpLegacyAccounts();
            return OcfExitCode.SUCCESS;
        } catch (TgtException e) {
            if (BoundedTgt.daemonGone(e)) {
                // no tgtd means no target (and no account) is served any more
                ctx.log().warn("tgtd is not running (" + e.getMessage() + "): target " + config.iqn() + " is stopped");
                return OcfExitCode.SUCCESS;
            }
            throw BoundedTgt.toOcf("stop of target " + config.iqn(), e);
        }
    }

    private void stopTarget(int tid) {
        Deadline drainBy = tgt.deadline().minus(reserve(tgt.deadline().remaining()));
        BoundedTgt drain = tgt.until(drainBy);
        try {
            setOffline(tid);
        } catch (TgtRequestException e) {
            if (e.error() == TgtError.NO_SUCH_TARGET) {
                return;
            }
            throw e;
        }
        closeConnections(drain, tid);
        long nextClose = System.nanoTime() + RECLOSE_EVERY.toNanos();
        long started = System.nanoTime();
        Optional<Target> current = find(drain);
        while (current.isPresent() && current.get().hasSessions() && !drainBy.expired()) {
            sleep(drainBy.cap(POLL));
            if (drainBy.expired()) {
                break;
            }
            if (System.nanoTime() > nextClose) {
                // a connection that was mid-login when we went offline may have appeared since
                closeConnections(drain, tid);
                nextClose = System.nanoTime() + RECLOSE_EVERY.toNanos();
            }
            current = find(drain);
        }
        if (drainBy.expired()) {
            current = find(tgt);
        }
        if (current.isEmpty()) {
            return;
        }
        long waited = (System.nanoTime() - started) / 1_000_000;
        if (current.get().hasSessions()) {
            ctx.log().warn("target " + config.iqn() + " still has " + current.get().nexuses().size()
                    + " session(s) after " + waited + " ms: force-deleting it");
            forceDelete(tid);
        } else {
            try {
                delete(tid, false);
            } catch (TgtRequestException e) {
                if (e.error() == TgtError.TARGET_ACTIVE) {
                    forceDelete(tid);
                } else if (e.error() != TgtError.NO_SUCH_TARGET) {
                    throw e;
                }
            }
        }
        awaitGone();
        ctx.log().info("target " + config.iqn() + " (tid " + tid + ") deleted");
    }

    /** In the second 64 x 4 standby of the seventh session two target stops failed on an offline answered after 5 s. */
    private void setOffline(int tid) {
        while (true) {
            try {
                tgt.now().setTargetState(tid, TargetState.OFFLINE);
                return;
            } catch (TgtTimeoutException e) {
                tgt.askAgainOrThrow(e);
                ctx.log().debug("set target " + tid + " offline: " + e.getMessage() + "; asking again");
            }
        }
    }

    private void delete(int tid, boolean force) {
        while (true) {
            try {
                if (force) {
                    tgt.now().forceDeleteTarget(tid);
                } else {
                    tgt.now().deleteTarget(tid);
                }
                return;
            } catch (TgtTimeoutException e) {
                // done meanwhile, asking again gets NO_SUCH_TARGET
                tgt.askAgainOrThrow(e);
                ctx.log().debug("delete target " + tid + ": " + e.getMessage() + "; asking again");
            }
        }
    }

    private void forceDelete(int tid) {
        try {
            delete(tid, true);
        } catch (TgtRequestException e) {
            if (e.error() != TgtError.NO_SUCH_TARGET) {
                throw e;
            }
        }
    }

    private void awaitGone() {
        while (true) {
            if (find(tgt).isEmpty()) {
                return;
            }
            if (tgt.deadline().remaining().compareTo(POLL.multipliedBy(2)) < 0) {
                throw OcfException.generic("target " + config.iqn() + " is still present after a forced delete");
            }
            sleep(POLL);
        }
    }

    private void closeConnections(BoundedTgt t, int tid) {
        if (t.deadline().expired()) {
            return;
        }
        try {
            t.closeConnections(tid, ctx.log()::debug);
        } catch (OcfException e) {
            // out of drain time
        }
    }

    /** Looks up our target, within {@code t}'s deadline or, when that is (nearly) over, the operation's. */
    private Optional<Target> find(BoundedTgt t) {
        BoundedTgt use = t.deadline().remaining().toMillis() < 100 ? tgt : t;
        return use.reading().showTarget(config.iqn());
    }

    private void cleanUpLegacyAccounts() {
        if (!config.managesIncomingAccount() && !config.managesOutgoingAccount()) {
            return;
        }
        try (FileMutex.Held lock = mutex.acquireOrFail(tgt.deadline(), "stop target " + config.iqn())) {
            if (config.managesIncomingAccount()) {
                LegacyAccounts.deleteIfUnbound(ctx, tgt, config.incomingUsers().get(0));
            }
            if (config.managesOutgoingAccount()) {
                LegacyAccounts.deleteIfUnbound(ctx, tgt, config.outgoingUser().get());
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(Math.max(1, d.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw OcfException.generic("interrupted");
        }
    }
}
