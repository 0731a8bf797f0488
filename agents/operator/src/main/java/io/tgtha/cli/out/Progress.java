// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.out;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Progress of a wait, on stderr so that stdout (and --json) stays clean. Silent for the first second:
 * short waits should not flicker. At a terminal one line is rewritten in place; otherwise (logs,
 * pipes, ssh without a tty) a new line is printed at most once per second.
 */
public final class Progress implements AutoCloseable {
    private static final long QUIET_NANOS = Duration.ofSeconds(1).toNanos();

    private final PrintWriter err;
    private final boolean terminal;
    private final LongSupplier clock;
    private final long start;
    private long lastPrinted = Long.MIN_VALUE;
    private boolean printed;

    public Progress(PrintWriter err, boolean terminal) {
        this(err, terminal, System::nanoTime);
    }

    public Progress(PrintWriter err, boolean terminal, LongSupplier clock) {
        this.err = err;
        this.terminal = terminal;
        this.clock = clock;
        this.start = clock.getAsLong();
    }

    /** Offers the current state; printed only when the wait has lasted over a second. */
    public void update(String text) {
        long now = clock.getAsLong();
        if (now - start < QUIET_NANOS) {
            return;
        }
        String line = text + " (" + String.format("%.1f", (now - start) / 1e9) + " s)";
        if (terminal) {
            err.print("\r" + line + "\u001b[K");
            err.flush();
            printed = true;
        } else if (lastPrinted == Long.MIN_VALUE || now - lastPrinted >= QUIET_NANOS) {
            err.println(line);
            err.flush();
            lastPrinted = now;
            printed = true;
        }
    }

    public Duration elapsed() {
        return Duration.ofNanos(clock.getAsLong() - start);
    }

    @Override
    public void close() {
        if (terminal && printed) {
            err.println();
            err.flush();
        }
    }
}
