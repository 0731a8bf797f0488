// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf;

import java.time.Duration;

/**
 * The point in (monotonic) time when an operation must be finished. Every wait and every external
 * command is bounded by what is left, so an agent answers before Pacemaker's own timeout kills it
 * and escalates to fencing.
 */
public final class Deadline {
    private static final Duration MAX = Duration.ofDays(365);

    private final long deadlineNanos;

    private Deadline(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
    }

    /** Saturates: a duration too long for nanoseconds (garbage from the environment) means "about forever". */
    public static Deadline after(Duration duration) {
        long nanos = duration.compareTo(MAX) > 0 ? MAX.toNanos() : Math.max(0, duration.toNanos());
        return new Deadline(System.nanoTime() + nanos);
    }

    public Duration remaining() {
        long left = deadlineNanos - System.nanoTime();
        return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }

    public boolean expired() {
        return deadlineNanos - System.nanoTime() <= 0;
    }

    /** The smaller of {@code bound} and what is left. */
    public Duration cap(Duration bound) {
        Duration left = remaining();
        return bound.compareTo(left) < 0 ? bound : left;
    }

    /** A deadline that ends {@code reserve} before this one: time kept back for clean-up after a failure. */
    public Deadline minus(Duration reserve) {
        return new Deadline(deadlineNanos - reserve.toNanos());
    }
}
