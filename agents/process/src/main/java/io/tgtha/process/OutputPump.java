// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.process;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Drains one output stream of a child to its end, so the child never blocks on a full pipe, and keeps
 * only the first {@code limit} bytes: a command that prints without end costs a counter, not the heap.
 */
final class OutputPump extends Thread {
    private final InputStream in;
    private final int limit;
    private byte[] kept = new byte[0];
    private int size;
    private long total;

    OutputPump(InputStream in, int limit, String name) {
        super(name);
        this.in = in;
        this.limit = limit;
        setDaemon(true);
    }

    @Override
    public void run() {
        byte[] chunk = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(chunk)) >= 0) {
                keep(chunk, n);
            }
        } catch (IOException ignored) {
            // the stream was closed under us (process killed, or we gave up on it): what was read is all there is
        }
    }

    private synchronized void keep(byte[] chunk, int n) {
        total += n;
        int room = Math.min(n, limit - size);
        if (room > 0) {
            if (size + room > kept.length) {
                kept = Arrays.copyOf(kept, Math.min(limit, Math.max(size + room, kept.length * 2)));
            }
            System.arraycopy(chunk, 0, kept, size, room);
            size += room;
        }
    }

    /** Waits at most {@code millis} (at least 1) for the end of the stream; true when it was reached. */
    boolean awaitEnd(long millis) throws InterruptedException {
        join(Math.max(1, millis));
        return !isAlive();
    }

    /** Stops reading: for a stream some escaped process still holds open. */
    void abandon() {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing is all we wanted
        }
    }

    synchronized Output output() {
        return new Output(Arrays.copyOf(kept, size), total);
    }
}
