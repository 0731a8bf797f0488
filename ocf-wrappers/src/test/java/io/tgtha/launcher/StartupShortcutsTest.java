package io.tgtha.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class StartupShortcutsTest {
    @TempDir
    Path dir;

    private Instant start(String stat, String uptime, Instant now) throws Exception {
        Path s = Files.writeString(dir.resolve("stat"), stat);
        Path u = Files.writeString(dir.resolve("uptime"), uptime);
        return StartupShortcuts.processStart(s, u, now);
    }

    @Test
    void startIsUptimeMinusStartTicks() throws Exception {
        Instant now = Instant.parse("2026-11-22T01:00:00Z");
        // started 1234.56 s after boot (123456 ticks), uptime now 1236.81 s: 2.25 s old
        String stat = "4242 (sh) S 1 4242 4242 0 -1 4194560 120 0 0 0 0 0 0 0 20 0 1 0 123456 2297856 231 "
                + "18446744073709551615 1 1 0 0 0 0 0 0 65536 0 0 0 17 1 0 0 0 0 0\n";
        assertThat(start(stat, "1236.81 2400.00\n", now)).isEqualTo(now.minusMillis(2250));
    }

    @Test
    void aCommandNameWithSpacesAndParenthesesDoesNotShiftTheFields() throws Exception {
        Instant now = Instant.parse("2026-11-22T01:00:00Z");
        String stat = "77 (a) b (c) S 1 77 77 0 -1 4194560 120 0 0 0 0 0 0 0 20 0 1 0 500 2297856 231 "
                + "18446744073709551615 1 1 0 0 0 0 0 0 65536 0 0 0 17 1 0 0 0 0 0\n";
        assertThat(start(stat, "5.5 1.0\n", now)).isEqualTo(now.minusMillis(500));
    }

    @Test
    void unreadableOrImplausibleProcFallsBackToNow() throws Exception {
        Instant now = Instant.parse("2026-11-22T01:00:00Z");
        assertThat(StartupShortcuts.processStart(dir.resolve("missing"), dir.resolve("missing2"), now)).isEqualTo(now);
        assertThat(start("garbage", "1.0 1.0\n", now)).isEqualTo(now);
        // started "after" now: a clock we do not understand
        String stat = "1 (x) S 0 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 900 0 0 0\n";
        assertThat(start(stat, "8.00 1.0\n", now)).isEqualTo(now);
    }

    @Test
    void thisProcessStartedRecentlyAndNotInTheFuture() {
        // this JVM: started before now, and not before the test run began minutes ago
        Instant start = StartupShortcuts.processStart();
        Instant jdk = ProcessHandle.current().info().startInstant().orElseThrow();
        assertThat(start).isBeforeOrEqualTo(Instant.now());
        // the JDK's answer uses whole-second boot time: it is up to 1 s (plus a tick) earlier
        assertThat(Duration.between(jdk, start).toMillis()).isBetween(-20L, 1020L);
    }
}
