package io.tgtha.ocf;

import java.time.Duration;

/**
 * The point in (monotonic) time when an operation must be finished. Every wait and every external
 * command is bounded by what is left, so an agent answers before Pacemaker's own timeout kills it
 * and escalates to fencing.
 */
public final class Deadline {
    private final long deadlineNanos;

    private Deadline(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
    }

    public static Deadline after(Duration duration) {
        return new Deadline(System.nanoTime() + duration.toNanos());
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
