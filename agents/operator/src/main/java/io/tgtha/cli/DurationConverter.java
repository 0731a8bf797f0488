// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import picocli.CommandLine;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** "500ms", "1s", "1.5s", "2m", "PT5M" or a bare number of seconds. */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    public static Duration parse(String value) {
        String v = value.trim().toLowerCase();
        if (v.startsWith("pt")) {
            try {
                return Duration.parse(value.trim().toUpperCase());
            } catch (RuntimeException e) {
                throw new CommandLine.TypeConversionException("not a duration: '" + value + "'");
            }
        }
        Matcher m = SIMPLE.matcher(v);
        if (!m.matches()) {
            throw new CommandLine.TypeConversionException("not a duration: '" + value + "' (examples: 500ms, 2s, 5m)");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = switch (unit) {
            case "ms" -> n;
            case "s" -> n * 1000;
            case "m" -> n * 60_000;
            default -> n * 3_600_000;
        };
        return Duration.ofMillis(Math.round(millis));
    }
}
