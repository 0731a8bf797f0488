// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.exec;

import io.tgtha.ocf.Deadline;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Retries an attempt with exponential backoff and jitter until it succeeds, fails in a way that
 * is not worth retrying, or the deadline leaves no room for another try. Intermediate failures go to
 * an optional debug sink only; the caller sees (and logs) the final failure alone, so a transient
 * iptables lock contention never fills the log.
 */
public final class Retry {
    @FunctionalInterface
    public interface Attempt<T, E extends Exception> {
        T run() throws E;
    }

    private final Duration initialDelay;
    private final Duration maxDelay;
    private final int maxAttempts;
    private final Consumer<String> debug;

    private Retry(Duration initialDelay, Duration maxDelay, int maxAttempts, Consumer<String> debug) {
        this.initialDelay = initialDelay;
        this.maxDelay = maxDelay;
        this.maxAttempts = maxAttempts;
        this.debug = debug;
    }

    public static Retry withBackoff(Duration initialDelay, Duration maxDelay) {
        return new Retry(initialDelay, maxDelay, Integer.MAX_VALUE, line -> { });
    }

    public Retry maxAttempts(int attempts) {
        return new Retry(initialDelay, maxDelay, attempts, debug);
    }

    public Retry debugTo(Consumer<String> sink) {
        return new Retry(initialDelay, maxDelay, maxAttempts, sink);
    }

    public <T, E extends Exception> T run(Attempt<T, E> attempt, Predicate<? super Exception> retryable,
                                          Deadline deadline) throws E {
        long delayNanos = initialDelay.toNanos();
        for (int n = 1; ; n++) {
            try {
                return attempt.run();
            } catch (Exception e) {
                // full jitter in [delay/2, delay]: concurrent agents that failed together retry apart
                long sleep = delayNanos / 2 + ThreadLocalRandom.current().nextLong(delayNanos / 2 + 1);
                boolean again = n < maxAttempts && retryable.test(e) && deadline.remaining().toNanos() > sleep;
                if (!again) {
                    throw e; // precise rethrow: only E or an unchecked exception can get here
                }
                debug.accept("attempt " + n + " failed (" + e.getMessage() + "), retrying in "
                        + sleep / 1_000_000 + " ms");
                sleepNanos(sleep);
                delayNanos = Math.min(delayNanos * 2, maxDelay.toNanos());
            }
        }
    }

    private static void sleepNanos(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
