// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessStartTest {
    private static final Instant NOW = Instant.parse("2026-11-22T01:00:00Z");

    @TempDir
    Path dir;

    private Instant start(String stat, String uptime) throws Exception {
        Path s = Files.writeString(dir.resolve("stat"), stat);
        Path u = Files.writeString(dir.resolve("uptime"), uptime);
        return ProcessStart.from(s, u, NOW);
    }

    @Test
    void aProcessStartTimeNamesOneProcessAndNoneOnceItIsGone() throws Exception {
        Process first = new ProcessBuilder("sleep", "60").start();
        Process second = new ProcessBuilder("sleep", "60").start();
        try {
            assertThat(ProcessStart.ticksOf(first.pid())).isPresent().isEqualTo(ProcessStart.ticksOf(first.pid()));
            assertThat(ProcessStart.ticksOf(second.pid()).getAsLong())
                    .isGreaterThanOrEqualTo(ProcessStart.ticksOf(first.pid()).getAsLong());
            first.destroyForcibly().waitFor();
            assertThat(ProcessStart.ticksOf(first.pid())).isEmpty();
        } finally {
            first.destroyForcibly();
            second.destroyForcibly();
        }
    }

    @Test
    void startIsUptimeMinusStartTicks() throws Exception {
        // started 1234.56 s after boot (123456 ticks), uptime now 1236.81 s: 2.25 s old
        String stat = "4242 (sh) S 1 4242 4242 0 -1 4194560 120 0 0 0 0 0 0 0 20 0 1 0 123456 2297856 231 "
                + "18446744073709551615 1 1 0 0 0 0 0 0 65536 0 0 0 17 1 0 0 0 0 0\n";
        assertThat(start(stat, "1236.81 2400.00\n")).isEqualTo(NOW.minusMillis(2250));
    }

    @Test
    void aCommandNameWithSpacesAndParenthesesDoesNotShiftTheFields() throws Exception {
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 5 1 0 0 20 0 19 0 512345 "
                + "123456789 4000 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0\n";
        assertThat(start(stat, "5125.95 10000.00\n")).isEqualTo(NOW.minusMillis(2500));
    }

    @Test
    void unreadableOrImplausibleProcTakesNothingFromTheBudget() throws Exception {
        assertThat(ProcessStart.from(dir.resolve("missing"), dir.resolve("missing2"), NOW)).isEqualTo(NOW);
        assertThat(start("garbage", "1.0 1.0\n")).isEqualTo(NOW);
        String startedAfterNow = "1 (x) S 0 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 900 0 0 0\n";
        assertThat(start(startedAfterNow, "8.00 1.0\n")).isEqualTo(NOW);
    }

    @Test
    void thisProcessStartedRecentlyAndNotInTheFuture() {
        long before = System.nanoTime();
        Instant start = ProcessStart.ofThisProcess();
        long readMillis = (System.nanoTime() - before) / 1_000_000;
        Instant jdk = ProcessHandle.current().info().startInstant().orElseThrow();
        assertThat(start).isBeforeOrEqualTo(Instant.now());
        // the JDK's answer uses whole-second boot time: it is up to 1 s (plus a tick) earlier. Ours reads the clock
        // before /proc/uptime, so time off the CPU between the two makes it earlier by as much: at most the call's
        // own duration, measured here rather than guessed for a loaded machine
        assertThat(Duration.between(jdk, start).toMillis()).isBetween(-20L - readMillis, 1020L);
    }
}
