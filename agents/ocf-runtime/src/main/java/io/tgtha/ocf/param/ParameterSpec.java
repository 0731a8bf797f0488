package io.tgtha.ocf.param;

import io.tgtha.ocf.text.AsciiSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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

    public static final class Builder {
        private final String name;
        private static final AsciiSet NAME_CHARS = AsciiSet.of("a-z0-9_");
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

        private Builder(String name, ParameterType type) {
            if (!isParameterName(name)) {
                throw new IllegalArgumentException("parameter name " + name);
            }
            this.name = name;
            this.type = type;
        }

        /** What the regular expression [a-z][a-z0-9_]* said, as a loop: every agent builds its specs at start-up. */
        private static boolean isParameterName(String name) {
            return !name.isEmpty() && name.charAt(0) >= 'a' && name.charAt(0) <= 'z' && NAME_CHARS.matchesAll(name);
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

        public ParameterSpec build() {
            if (required && defaultValue != null) {
                throw new IllegalStateException(name + ": a required parameter has no default");
            }
            return new ParameterSpec(this);
        }
    }
}
