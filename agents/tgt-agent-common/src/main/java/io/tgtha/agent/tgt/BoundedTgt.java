// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.tgt;

import io.tgtha.ocf.Deadline;
import io.tgtha.ocf.OcfException;
import io.tgtha.ocf.OcfExitCode;
import io.tgtha.tgt.SessionConnection;
import io.tgtha.tgt.TgtClient;
import io.tgtha.tgt.TgtException;
import io.tgtha.tgt.TgtRequestException;
import io.tgtha.tgt.TgtTimeoutException;
import io.tgtha.tgt.TgtUnsupportedVersionException;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * A tgt client whose every request is bounded by what is left of a deadline, so no request can
 * outlive the operation that Pacemaker is timing.
 */
public final class BoundedTgt {
    private static final Duration MAX_REQUEST = Duration.ofSeconds(5);
    private static final Duration MIN_REQUEST = Duration.ofMillis(50);
    /** Kept back from a read's deadline so the operation can still answer after a read that timed out. */
    private static final Duration ANSWER = Duration.ofMillis(500);
    /** Time an answer needs at the least for asking again after a timed-out change to make sense. */
    private static final Duration ASK_AGAIN = Duration.ofMillis(1500);

    private final TgtClient client;
    private final Deadline deadline;

    public BoundedTgt(TgtClient client, Deadline deadline) {
        this.client = client;
        this.deadline = deadline;
    }

    public Deadline deadline() {
        return deadline;
    }

    /** The client with a timeout of what is left (at most 5 s); fails when nothing is left. */
    public TgtClient now() {
        Duration left = deadline.cap(MAX_REQUEST);
        if (left.compareTo(MIN_REQUEST) < 0) {
            throw OcfException.generic("out of time before the next request to tgtd");
        }
        return client.withTimeout(left);
    }

    /**
     * The client for a read ({@code show}, {@code targetNames}): bounded by the whole deadline, less a moment to
     * answer, not by the 5 s of {@link #now()}. A read has nothing to undo and nothing better to do than wait: in the
     * 64 x 4 standby tgtd, busy deleting LUNs, answered the shared show after more than 5 s, and three LUN stops
     * failed with 14 s of their 20 s left (a failed stop, which a real cluster answers by fencing the node). Asking
     * again would only add to tgtd's work.
     */
    public TgtClient reading() {
        Duration left = deadline.minus(ANSWER).remaining();
        if (left.compareTo(MIN_REQUEST) < 0) {
            return now();
        }
        return client.withTimeout(left);
    }

    /**
     * After a change tgtd did not answer within {@link #now()}'s 5 s: returns when asking again makes sense (an
     * idempotent change, e.g. a delete or a state, with at least 1.5 s left), else throws {@code late}. A busy tgtd
     * (64 x 4 standby: deleting the LUNs of 64 targets at once) answers some changes after 5 s; the change may be
     * done by then, and asking again either says so (a delete: "no such ...") or does it, where failing would fail
     * a stop, which a real cluster answers by fencing the node.
     */
    public void askAgainOrThrow(TgtTimeoutException late) {
        if (deadline.remaining().compareTo(ASK_AGAIN) < 0) {
            throw late;
        }
    }

    /**
     * Closes every connection of target {@code tid}, best effort: a stop does it so that sessions end sooner, and what
     * is left goes with the (forced) delete that follows. A refusal or a late answer is told to {@code debug}, never
     * thrown; a late answer ends the round. The listing is a read and waits for this deadline: in the ninth session's
     * 64 x 4 standby a target stop failed on "show connections: no answer within 5000 ms" with 9 s of its 20 s left.
     * Throws OcfException only when no time is left for a request.
     */
    public void closeConnections(int tid, Consumer<String> debug) {
        List<SessionConnection> connections;
        try {
            connections = reading().connections(tid);
        } catch (TgtRequestException | TgtTimeoutException e) {
            debug.accept("listing connections of tid " + tid + ": " + e.getMessage());
            return;
        }
        for (SessionConnection c : connections) {
            try {
                now().closeConnection(tid, c.sid(), c.cid());
            } catch (TgtRequestException e) {
                debug.accept("closing connection " + c.sid() + "/" + c.cid() + ": " + e.getMessage());
            } catch (TgtTimeoutException e) {
                debug.accept("closing connection " + c.sid() + "/" + c.cid() + ": " + e.getMessage());
                return;
            }
        }
    }

    /** The same client bounded by another (usually earlier) deadline. */
    public BoundedTgt until(Deadline earlier) {
        return new BoundedTgt(client, earlier);
    }

    /**
     * True when the failure means no tgtd serves anything any more: not running, or it closed the socket
     * mid-request and no longer listens (it crashed). Then no target or LUN of it is exported, which is
     * what a stop wants and what a monitor must report as "not running", never as a failed stop that gets
     * the node fenced.
     */
    public static boolean daemonGone(TgtException e) {
        return e instanceof io.tgtha.tgt.TgtNotRunningException
                || (e instanceof io.tgtha.tgt.TgtConnectionLostException lost && !lost.daemonStillListening());
    }

    /**
     * Maps a tgt failure to the OCF outcome: a missing or unsupported tgt is the node's problem
     * (ERR_INSTALLED); everything else is a plain failure Pacemaker may retry or recover from.
     */
    public static OcfException toOcf(String doing, TgtException e) {
        String what = doing + ": " + e.getMessage();
        if (e instanceof TgtUnsupportedVersionException) {
            return new OcfException(OcfExitCode.ERR_INSTALLED, what, e);
        }
        return OcfException.generic(what, e);
    }
}
