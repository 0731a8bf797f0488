// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The local time for log lines and trace file names, as {@code date} prints it for ocf_log.
 *
 * <p>Why not just {@code LocalDateTime.now().format(...)}: in a JVM that lives 50 ms, finding the
 * default time zone loads the JDK's whole zone database (~8 ms) and the first DateTimeFormatter
 * costs ~5 ms more (JDK 17 with AppCDS, measured), on every start and stop that logs a line. Most
 * cluster nodes run in UTC: when TZ or /etc/localtime (what glibc, and so {@code date}, uses) says
 * UTC, the stamp is computed from the epoch directly (~1 ms). Any other zone takes java.time's way,
 * correct and slower.
 */
final class LogClock {
    /** Zone names that are UTC under another name (tzdata's backward links included). */
    private static final String[] UTC_NAMES = {
        "UTC", "UCT", "Universal", "Zulu", "GMT", "GMT0", "GMT+0", "GMT-0", "Greenwich",
        "Etc/UTC", "Etc/UCT", "Etc/Universal", "Etc/Zulu", "Etc/GMT", "Etc/GMT0", "Etc/GMT+0", "Etc/GMT-0",
        "Etc/Greenwich", "UTC0",
    };

    private final boolean utc;

    private LogClock(boolean utc) {
        this.utc = utc;
    }

    /** @param tz the TZ environment variable ("" when unset) */
    static LogClock of(String tz, Path localtime) {
        return new LogClock(isUtc(tz, localtime));
    }

    static boolean isUtc(String tz, Path localtime) {
        if (!tz.isEmpty()) {
            return isUtcName(tz.startsWith(":") ? tz.substring(1) : tz);
        }
        try {
            if (!Files.isSymbolicLink(localtime)) {
                // no /etc/localtime at all means UTC to glibc; a copied zone file could be anything
                return !Files.exists(localtime);
            }
            String target = Files.readSymbolicLink(localtime).toString();
            int zoneinfo = target.indexOf("zoneinfo/");
            return zoneinfo >= 0 && isUtcName(target.substring(zoneinfo + "zoneinfo/".length()));
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    private static boolean isUtcName(String name) {
        String n = name.startsWith("posix/") ? name.substring(6) : name;
        for (String utcName : UTC_NAMES) {
            if (utcName.equals(n)) {
                return true;
            }
        }
        return false;
    }

    /** The current local time as {@code yyyy<ds>MM<ds>dd<between>HH:mm:ss}. */
    String now(char dateSeparator, char between) {
        LocalDateTime t = utc
                ? LocalDateTime.ofEpochSecond(System.currentTimeMillis() / 1000, 0, ZoneOffset.UTC)
                : LocalDateTime.now().withNano(0);
        return format(t, dateSeparator, between);
    }

    static String format(LocalDateTime t, char dateSeparator, char between) {
        StringBuilder b = new StringBuilder(19);
        int year = t.getYear();
        if (year < 1000) {
            b.append(year < 10 ? "000" : year < 100 ? "00" : "0");
        }
        b.append(year).append(dateSeparator);
        twoDigits(b, t.getMonthValue()).append(dateSeparator);
        twoDigits(b, t.getDayOfMonth()).append(between);
        twoDigits(b, t.getHour()).append(':');
        twoDigits(b, t.getMinute()).append(':');
        return twoDigits(b, t.getSecond()).toString();
    }

    private static StringBuilder twoDigits(StringBuilder b, int v) {
        return (v < 10 ? b.append('0') : b).append(v);
    }
}
