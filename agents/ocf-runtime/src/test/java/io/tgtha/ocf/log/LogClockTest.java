// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import static org.assertj.core.api.Assertions.assertThat;

class LogClockTest {
    @TempDir
    Path dir;

    /** java.time's own formatting of the same pattern, the reference the hand-made stamps must equal. */
    private static String formatWithJavaTime(LocalDateTime t, char dateSeparator, char between) {
        return t.format(DateTimeFormatter.ofPattern("yyyy" + dateSeparator + "MM" + dateSeparator + "dd" + between
                + "HH:mm:ss"));
    }

    @Test
    void stampsReadLikeJavaTimesFormatting() {
        LocalDateTime[] times = {
            LocalDateTime.of(2026, 11, 22, 2, 34, 5), LocalDateTime.of(1999, 1, 1, 0, 0, 0),
            LocalDateTime.of(2030, 12, 31, 23, 59, 59), LocalDateTime.of(987, 7, 8, 9, 10, 11),
        };
        for (LocalDateTime t : times) {
            assertThat(LogClock.format(t, '/', '_')).isEqualTo(formatWithJavaTime(t, '/', '_'));
            assertThat(LogClock.format(t, '-', '.')).isEqualTo(formatWithJavaTime(t, '-', '.'));
        }
    }

    @Test
    void utcIsRecognisedFromTzOrTheLocaltimeLink() throws IOException {
        Path none = dir.resolve("absent");
        assertThat(LogClock.isUtc("UTC", none)).isTrue();
        assertThat(LogClock.isUtc(":Etc/UTC", none)).isTrue();
        assertThat(LogClock.isUtc("UTC0", none)).isTrue();
        assertThat(LogClock.isUtc("Europe/Berlin", none)).isFalse();
        assertThat(LogClock.isUtc("CET-1CEST", none)).isFalse();

        // links into the temp dir (as /etc/localtime -> /usr/share/zoneinfo/...): only the link's text matters
        Files.createDirectories(dir.resolve("zoneinfo/Etc"));
        Files.createDirectories(dir.resolve("zoneinfo/Europe"));
        Path utcLink = Files.createSymbolicLink(dir.resolve("utc"), Path.of("zoneinfo/Etc/UTC"));
        Path berlinLink = Files.createSymbolicLink(dir.resolve("berlin"), Path.of("./zoneinfo/Europe/Berlin"));
        Path copied = Files.writeString(dir.resolve("copied"), "TZif...");
        assertThat(LogClock.isUtc("", utcLink)).isTrue();
        assertThat(LogClock.isUtc("", berlinLink)).isFalse();
        assertThat(LogClock.isUtc("", copied)).as("a copied zone file could be any zone").isFalse();
        assertThat(LogClock.isUtc("", none)).as("no /etc/localtime is UTC to glibc").isTrue();
        assertThat(LogClock.isUtc("Europe/Berlin", utcLink)).as("TZ wins over the link").isFalse();
    }

    @Test
    void theUtcClockAndTheZoneClockAgreeInUtc() {
        LocalDateTime before = LocalDateTime.now(ZoneOffset.UTC).withNano(0);
        String stamp = LogClock.of("UTC", dir.resolve("absent")).now('/', '_');
        LocalDateTime after = LocalDateTime.now(ZoneOffset.UTC).withNano(0);
        assertThat(stamp).isBetween(LogClock.format(before, '/', '_'), LogClock.format(after, '/', '_'));
    }

    @Test
    void anotherZoneTakesJavaTimesWay() {
        // not UTC: whatever the JVM's default zone is, the stamp is java.time's local time
        LocalDateTime before = LocalDateTime.now().withNano(0);
        String stamp = LogClock.of("Europe/Berlin", dir.resolve("absent")).now('/', '_');
        LocalDateTime after = LocalDateTime.now().withNano(0);
        assertThat(stamp).isBetween(LogClock.format(before, '/', '_'), LogClock.format(after, '/', '_'));
    }
}
