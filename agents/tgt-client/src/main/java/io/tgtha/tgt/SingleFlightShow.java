// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * At most one {@code show --mode target} (with its LLD lists) of one tgtd in flight, shared by the callers that
 * asked for it <em>before it started</em>: tgtd has no show of one target, so without this every concurrent
 * target or LUN monitor of a node made tgtd build the whole show (N monitors x N targets).
 *
 * <p>Freshness: a caller never gets a show that started before it asked. While no show runs, the caller starts
 * one; while one runs, the caller waits for the next one, which starts when the running one ends and serves
 * everybody who came meanwhile. So each answer was asked of tgtd after the caller asked, as its own request
 * would have been, and whatever the caller changed in tgtd before asking is in it.
 *
 * <p>Failures and time: a show's failure (tgtd not running, a timeout, a lost connection) is thrown to every
 * caller that waited for that show, the same exception a lone caller would have got. Each caller waits at most
 * its own timeout; a show runs on a thread of its own with the timeout of the caller who can wait longest, so
 * a caller that gives up never cuts the show short for the others.
 */
final class SingleFlightShow {
    /** Fetches one listing from tgtd, each request bounded by {@code timeout}. */
    interface Fetch {
        TargetListing fetch(Duration timeout);
    }

    private static final class Flight {
        final CompletableFuture<TargetListing> result = new CompletableFuture<>();
        final Fetch fetch;
        /** {@link System#nanoTime()} until which its latest caller waits (guarded by the SingleFlightShow). */
        long waitedUntil;

        Flight(Fetch fetch, long waitedUntil) {
            this.fetch = fetch;
            this.waitedUntil = waitedUntil;
        }
    }

    private final Executor flights;
    private final Runnable queued;
    /** The show tgtd is answering, or null (guarded by this). */
    private Flight running;
    /** The show the callers who came while {@link #running} ran wait for, or null (guarded by this). */
    private Flight next;

    /** @param flights runs each show (a thread of its own) */
    SingleFlightShow(Executor flights) {
        this(flights, () -> { });
    }

    /** @param queued told (for tests) each time a caller has been queued for the next show */
    SingleFlightShow(Executor flights, Runnable queued) {
        this.flights = flights;
        this.queued = queued;
    }

    /**
     * The listing of a show started after this call began, fetched by {@code fetch} if this caller starts it.
     *
     * @throws TgtTimeoutException when none arrived within {@code timeout}
     * @throws TgtException        the show's own failure, as {@code fetch} threw it
     */
    TargetListing await(Duration timeout, Fetch fetch, String operation) {
        long until = System.nanoTime() + timeout.toNanos();
        Flight mine;
        boolean start = false;
        synchronized (this) {
            if (running == null) {
                running = new Flight(fetch, until);
                mine = running;
                start = true;
            } else if (next == null) {
                next = new Flight(fetch, until);
                mine = next;
            } else {
                mine = next;
                mine.waitedUntil = Math.max(mine.waitedUntil, until);
            }
        }
        if (start) {
            launch(mine, until);
        } else {
            queued.run();
        }
        return await(mine, until, timeout, operation);
    }

    private void launch(Flight flight, long waitedUntil) {
        try {
            flights.execute(() -> fly(flight, waitedUntil));
        } catch (RuntimeException | OutOfMemoryError noThread) {
            fly(flight, waitedUntil); // no thread to be had: this caller asks tgtd itself, as a lone caller would
        }
    }

    private void fly(Flight flight, long waitedUntil) {
        try {
            long left = waitedUntil - System.nanoTime();
            if (left <= 0) {
                // everyone who waited for this show has given up: nobody to ask tgtd for
                throw new TgtTimeoutException("show targets (shared)", Duration.ZERO);
            }
            flight.result.complete(flight.fetch.fetch(Duration.ofNanos(left)));
        } catch (Throwable t) {
            flight.result.completeExceptionally(t);
        }
        Flight following;
        long followingUntil = 0;
        synchronized (this) {
            running = next;
            next = null;
            following = running;
            if (following != null) {
                followingUntil = following.waitedUntil;
            }
        }
        if (following != null) {
            launch(following, followingUntil);
        }
    }

    private static TargetListing await(Flight flight, long until, Duration timeout, String operation) {
        try {
            return flight.result.get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new TgtTimeoutException(operation + " (waiting for a shared show)", timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TgtTimeoutException(operation + " (interrupted waiting for a shared show)", timeout);
        } catch (ExecutionException e) {
            // the show's own exception, the same one for every caller of that show
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new TgtProtocolException(operation, String.valueOf(e.getCause()), e.getCause());
        }
    }
}
