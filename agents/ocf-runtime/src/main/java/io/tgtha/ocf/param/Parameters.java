// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.param;

import io.tgtha.ocf.OcfEnvironment;
import io.tgtha.ocf.OcfException;
import io.tgtha.ocf.Secret;
import io.tgtha.ocf.log.OcfLog;
import io.tgtha.ocf.text.Text;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that reads {@code OCF_RESKEY_*}: every agent gets its parameters from here,
 * typed, defaulted and checked against its declared {@link ParameterSpec}s.
 */
public final class Parameters {
    private final Map<String, ParameterSpec> specs = new LinkedHashMap<>();
    private final Map<String, ParameterValue> values = new LinkedHashMap<>();

    private Parameters() {
    }

    /**
     * Reads every declared parameter. A deprecated name is honoured (with a warning) only when the
     * new name is unset; secrets are registered with the log so they are masked from then on.
     */
    public static Parameters read(List<ParameterSpec> declared, OcfEnvironment env, OcfLog log) {
        Parameters p = new Parameters();
        for (ParameterSpec spec : declared) {
            Optional<String> raw = env.reskey(spec.name());
            if (raw.isEmpty()) {
                for (String old : spec.deprecatedNames()) {
                    Optional<String> oldRaw = env.reskey(old);
                    if (oldRaw.isPresent()) {
                        log.warn("parameter '" + old + "' is deprecated, use '" + spec.name() + "'");
                        raw = oldRaw;
                        break;
                    }
                }
            }
            ParameterValue value = ParameterValue.of(raw);
            p.specs.put(spec.name(), spec);
            p.values.put(spec.name(), value);
        }
        return p;
    }

    /** The parameter as given: unset, empty or a value. Defaults are not applied. */
    public ParameterValue lookup(String name) {
        ParameterValue v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("undeclared parameter " + name);
        }
        return v;
    }

    /** The value if given, else the default if it has one. An explicitly empty value stays empty. */
    public Optional<String> effective(String name) {
        ParameterValue v = lookup(name);
        if (v.isUnset()) {
            return specs.get(name).defaultValue();
        }
        return Optional.of(v.text());
    }

    /** A non-empty value (given, else the default). Never of a secret parameter: see {@link #secret}. */
    public Optional<String> optional(String name) {
        if (specs.containsKey(name) && specs.get(name).secret()) {
            // a secret only ever leaves as a Secret, whose toString is masked: so it is masked wherever it
            // is printed, and no free text is searched for it (which garbled and revealed messages)
            throw new IllegalArgumentException("parameter " + name + " is secret: read it with secret()");
        }
        return nonEmpty(name);
    }

    private Optional<String> nonEmpty(String name) {
        Optional<String> v = effective(name);
        return v.isPresent() && v.get().isEmpty() ? Optional.empty() : v;
    }

    /** A value that must be there: required parameters are checked by {@link #validate()}. */
    public String string(String name) {
        Optional<String> v = optional(name);
        if (v.isEmpty()) {
            throw OcfException.configured("parameter '" + name + "' is not set");
        }
        return v.get();
    }

    public Optional<Integer> optionalInteger(String name) {
        return optional(name).map(v -> parseInteger(specs.get(name), v));
    }

    public int integer(String name) {
        return parseInteger(specs.get(name), string(name));
    }

    public boolean bool(String name) {
        Optional<String> v = optional(name);
        return v.isPresent() && parseBoolean(name, v.get());
    }

    public Optional<Duration> optionalTime(String name) {
        Optional<String> v = optional(name);
        return v.isEmpty() ? Optional.empty() : Optional.of(parseTime(name, v.get()));
    }

    public Optional<Secret> secret(String name) {
        Optional<String> v = nonEmpty(name);
        return v.isEmpty() ? Optional.empty() : Optional.of(Secret.of(v.get()));
    }

    /**
     * Checks required parameters, types and each parameter's own checks. Messages never contain a
     * secret's value.
     */
    public void validate() {
        for (ParameterSpec spec : specs.values()) {
            ParameterValue v = values.get(spec.name());
            if (spec.required() && !v.hasValue()) {
                throw OcfException.configured("required parameter '" + spec.name() + "' is "
                        + (v.isUnset() ? "not set" : "empty"));
            }
            Optional<String> value = nonEmpty(spec.name());
            if (value.isEmpty()) {
                continue;
            }
            String text = value.get();
            if (hasControlCharacter(text)) {
                throw OcfException.configured("parameter '" + spec.name() + "' contains a control character");
            }
            switch (spec.type()) {
                case INTEGER -> parseInteger(spec, text);
                case BOOLEAN -> parseBoolean(spec.name(), text);
                case TIME -> parseTime(spec.name(), text);
                case STRING -> { }
            }
            for (ValueCheck check : spec.checks()) {
                Optional<String> problem = check.problemWith(text);
                if (problem.isPresent()) {
                    String shown = spec.secret() ? "" : " '" + abbreviate(text) + "'";
                    throw OcfException.configured("parameter '" + spec.name() + "'" + shown + ": " + problem.get());
                }
            }
        }
    }

    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");

    /**
     * The value within the parameter's declared range. Digits that overflow are "out of range" too:
     * {@code tid=99999999999999999999} is an integer, only a too large one.
     */
    private static int parseInteger(ParameterSpec spec, String text) {
        String t = text.trim();
        if (!INTEGER.matcher(t).matches()) {
            throw OcfException.configured("parameter '" + spec.name() + "' must be an integer, got '" + abbreviate(text) + "'");
        }
        IntegerRange range = spec.range();
        long value;
        try {
            value = Long.parseLong(t);
        } catch (NumberFormatException tooLong) {
            value = t.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        if (!range.contains(value)) {
            throw OcfException.configured("parameter '" + spec.name() + "' '" + abbreviate(text) + "': " + range.rule());
        }
        return (int) value;
    }

    /** Pacemaker's (ocf_is_true's) spellings of true and false. */
    static boolean parseBoolean(String name, String text) {
        return switch (text.trim().toLowerCase()) {
            case "1", "yes", "true", "on", "ja", "y" -> true;
            case "0", "no", "false", "off", "nein", "n" -> false;
            default -> throw OcfException.configured("parameter '" + name + "' must be a boolean (yes/no), got '"
                    + abbreviate(text) + "'");
        };
    }

    /** A time as Pacemaker writes them: digits, optional whitespace, an optional unit (none means seconds). */
    private static final Pattern TIME = Pattern.compile("(\\d+)\\s*(ms|msec|s|sec|m|min|h|hr)?");

    static Duration parseTime(String name, String text) {
        Matcher m = TIME.matcher(text.trim());
        if (!m.matches()) {
            throw OcfException.configured("parameter '" + name + "' must be a time such as 30s or 500ms, got '"
                    + abbreviate(text) + "'");
        }
        try {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2) == null ? "s" : m.group(2)) {
                case "ms", "msec" -> Duration.ofMillis(n);
                case "m", "min" -> Duration.ofMinutes(n);
                case "h", "hr" -> Duration.ofHours(n);
                default -> Duration.ofSeconds(n);
            };
        } catch (NumberFormatException | ArithmeticException e) {
            throw OcfException.configured("parameter '" + name + "' '" + abbreviate(text) + "' is out of range");
        }
    }

    /** Below 0x20 except tab, as before: a newline or escape sequence in a value is refused. */
    private static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t') {
                return true;
            }
        }
        return false;
    }

    /** Keeps messages one short line, whatever garbage came in. */
    private static String abbreviate(String text) {
        String oneLine = Text.printable(text);
        return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...";
    }
}
