// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.param;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One parameter an agent declares: the single source for its meta-data entry and for how its
 * value is read and checked.
 */
public final class ParameterSpec {
    private final String name;
    private final ParameterType type;
    private final boolean required;
    private final boolean unique;
    private final boolean secret;
    private final boolean reloadable;
    private final String defaultValue;
    private final List<String> deprecatedNames;
    private final String shortdesc;
    private final String longdesc;
    private final List<ValueCheck> checks;
    private final IntegerRange range;

    private ParameterSpec(Builder b) {
        this.name = b.name;
        this.type = b.type;
        this.required = b.required;
        this.unique = b.unique;
        this.secret = b.secret;
        this.reloadable = b.reloadable;
        this.defaultValue = b.defaultValue;
        this.deprecatedNames = List.copyOf(b.deprecatedNames);
        this.shortdesc = Objects.requireNonNull(b.shortdesc, "shortdesc of " + b.name);
        this.longdesc = b.longdesc == null ? b.shortdesc : b.longdesc;
        this.checks = List.copyOf(b.checks);
        this.range = b.range;
    }

    public static Builder string(String name) {
        return new Builder(name, ParameterType.STRING);
    }

    public static Builder integer(String name) {
        return new Builder(name, ParameterType.INTEGER);
    }

    public static Builder bool(String name) {
        return new Builder(name, ParameterType.BOOLEAN);
    }

    public static Builder time(String name) {
        return new Builder(name, ParameterType.TIME);
    }

    public String name() { return name; }
    public ParameterType type() { return type; }
    public boolean required() { return required; }
    public boolean unique() { return unique; }
    /** A secret's value is registered with the log for redaction and never shown in messages. */
    public boolean secret() { return secret; }
    public boolean reloadable() { return reloadable; }
    public Optional<String> defaultValue() { return Optional.ofNullable(defaultValue); }
    public List<String> deprecatedNames() { return deprecatedNames; }
    public String shortdesc() { return shortdesc; }
    public String longdesc() { return longdesc; }
    List<ValueCheck> checks() { return checks; }
    /** The values an integer parameter may take ({@link IntegerRange#ANY_INT} unless declared). */
    IntegerRange range() { return range; }

    public static final class Builder {
        private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
        private final String name;
        private final ParameterType type;
        private boolean required;
        private boolean unique;
        private boolean secret;
        private boolean reloadable;
        private String defaultValue;
        private final List<String> deprecatedNames = new ArrayList<>();
        private String shortdesc;
        private String longdesc;
        private final List<ValueCheck> checks = new ArrayList<>();
        private IntegerRange range = IntegerRange.ANY_INT;

        private Builder(String name, ParameterType type) {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("parameter name " + name);
            }
            this.name = name;
            this.type = type;
        }

        public Builder required() { this.required = true; return this; }
        public Builder unique() { this.unique = true; return this; }
        public Builder secret() { this.secret = true; return this; }
        public Builder reloadable() { this.reloadable = true; return this; }
        public Builder defaultValue(String value) { this.defaultValue = value; return this; }
        public Builder deprecatedName(String oldName) { this.deprecatedNames.add(oldName); return this; }
        public Builder shortdesc(String text) { this.shortdesc = text; return this; }
        public Builder longdesc(String text) { this.longdesc = text; return this; }
        public Builder check(ValueCheck check) { this.checks.add(check); return this; }

        /** An integer parameter's values: {@code min} to {@code max}, both included. */
        public Builder range(long min, long max) { return range(min, max, null); }

        /** As {@link #range(long, long)}, with what the range comes from for the message. */
        public Builder range(long min, long max, String why) {
            if (type != ParameterType.INTEGER) {
                throw new IllegalStateException(name + ": a range belongs to an integer parameter");
            }
            this.range = new IntegerRange(min, max, why);
            return this;
        }

        /** An integer parameter's values: {@code min} or more. */
        public Builder atLeast(long min) { return range(min, Integer.MAX_VALUE, null); }

        /** A string parameter that must be one of {@code allowed}. */
        public Builder oneOf(String... allowed) { return check(ValueCheck.oneOf(allowed)); }

        /** A string parameter that must be an absolute path. */
        public Builder absolutePath() { return check(ValueCheck.absolutePath()); }

        /** A string parameter that must name an existing regular file. */
        public Builder regularFile() { return check(ValueCheck.regularFile()); }

        public ParameterSpec build() {
            if (required && defaultValue != null) {
                throw new IllegalStateException(name + ": a required parameter has no default");
            }
            return new ParameterSpec(this);
        }
    }
}
