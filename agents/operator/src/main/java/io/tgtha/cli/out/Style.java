// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.out;

/**
 * ANSI colour, only for a human at a terminal: never with --json, never into a pipe or file, never
 * with NO_COLOR set (no-color.org) or TERM=dumb.
 */
public final class Style {
    private final boolean enabled;

    public Style(boolean enabled) {
        this.enabled = enabled;
    }

    public static Style decide(boolean terminal, boolean json, boolean noColorOption, java.util.Map<String, String> env) {
        boolean on = terminal && !json && !noColorOption && !env.containsKey("NO_COLOR")
                && !"dumb".equals(env.get("TERM"));
        return new Style(on);
    }

    public boolean enabled() {
        return enabled;
    }

    public String bold(String s) {
        return wrap("1", s);
    }

    public String red(String s) {
        return wrap("1;31", s);
    }

    public String green(String s) {
        return wrap("32", s);
    }

    public String yellow(String s) {
        return wrap("33", s);
    }

    private String wrap(String code, String s) {
        return enabled ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }
}
