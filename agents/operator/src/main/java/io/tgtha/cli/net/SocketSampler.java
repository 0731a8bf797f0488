// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.net;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Samples sockets over a short window to tell a Send-Q that is draining from one that is not.
 *
 * <p>Two signals, the larger wins: (1) within the window, how long {@code bytes_acked} has not moved
 * while Send-Q stayed non-empty; (2) the kernel's own {@code lastack} (ms since the last ACK), which
 * covers time before the window started. A busy healthy connection has a full Send-Q all the time,
 * so Send-Q size alone says nothing; no acknowledged bytes does.
 */
public final class SocketSampler {
    private final SocketSource source;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;

    /** Pauses between samples; injectable so unit tests need no real time. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    public SocketSampler(SocketSource source) {
        this(source, System::nanoTime, d -> Thread.sleep(d.toMillis()));
    }

    public SocketSampler(SocketSource source, LongSupplier nanoClock, Sleeper sleeper) {
        this.source = source;
        this.nanoClock = nanoClock;
        this.sleeper = sleeper;
    }

    /**
     * @param window    total sampling time; ZERO takes a single sample (only lastack then)
     * @param interval  pause between samples
     * @param threshold not draining at least this long makes a connection "stuck"
     */
    public List<ConnectionHealth> sample(Duration window, Duration interval, Duration threshold) {
        List<Sample> samples = new ArrayList<>();
        long start = nanoClock.getAsLong();
        samples.add(new Sample(start, index(source.sockets())));
        while (nanoClock.getAsLong() - start < window.toNanos()) {
            try {
                sleeper.sleep(interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            samples.add(new Sample(nanoClock.getAsLong(), index(source.sockets())));
        }
        return evaluate(samples, threshold);
    }

    static List<ConnectionHealth> evaluate(List<Sample> samples, Duration threshold) {
        Sample last = samples.get(samples.size() - 1);
        List<ConnectionHealth> result = new ArrayList<>();
        for (TcpSocket now : last.sockets.values()) {
            Duration notDraining = Duration.ZERO;
            if (now.sendQ() > 0) {
                long since = last.nanos;
                for (int k = samples.size() - 2; k >= 0; k--) {
                    TcpSocket then = samples.get(k).sockets.get(now.key());
                    if (then == null || then.sendQ() == 0 || progressed(then, now)) {
                        break;
                    }
                    since = samples.get(k).nanos;
                }
                Duration windowed = Duration.ofNanos(last.nanos - since);
                Duration kernel = Duration.ofMillis(now.lastAckMs());
                notDraining = windowed.compareTo(kernel) >= 0 ? windowed : kernel;
            }
            result.add(new ConnectionHealth(now, notDraining,
                    now.sendQ() > 0 && notDraining.compareTo(threshold) >= 0));
        }
        return result;
    }

    /** True when the peer acknowledged data between the two samples (or, without -i data, Send-Q shrank). */
    private static boolean progressed(TcpSocket then, TcpSocket now) {
        if (then.bytesAcked() != null && now.bytesAcked() != null) {
            return !then.bytesAcked().equals(now.bytesAcked());
        }
        return now.sendQ() < then.sendQ();
    }

    private static Map<String, TcpSocket> index(List<TcpSocket> sockets) {
        Map<String, TcpSocket> byKey = new HashMap<>();
        for (TcpSocket s : sockets) {
            byKey.put(s.key(), s);
        }
        return byKey;
    }

    record Sample(long nanos, Map<String, TcpSocket> sockets) {
    }
}
