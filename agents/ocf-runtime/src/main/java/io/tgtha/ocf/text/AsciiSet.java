// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.text;

/**
 * A set of ASCII characters, written like the body of a regular-expression character class without
 * the brackets: {@code AsciiSet.of("A-Za-z0-9._-")} (a '-' first or last is itself). Immutable;
 * build them once, as constants.
 */
public final class AsciiSet {
    private final boolean[] members = new boolean[128];
    private final String spec;

    private AsciiSet(String spec) {
        this.spec = spec;
    }

    /** @throws IllegalArgumentException on a non-ASCII character or a reversed range */
    public static AsciiSet of(String spec) {
        AsciiSet set = new AsciiSet(spec);
        int i = 0;
        while (i < spec.length()) {
            char from = spec.charAt(i);
            char to = from;
            if (i + 2 < spec.length() && spec.charAt(i + 1) == '-') {
                to = spec.charAt(i + 2);
                i += 3;
            } else {
                i++;
            }
            if (from > 127 || to > 127 || to < from) {
                throw new IllegalArgumentException("bad ASCII set " + spec);
            }
            for (char c = from; c <= to; c++) {
                set.members[c] = true;
            }
        }
        return set;
    }

    public boolean contains(char c) {
        return c < 128 && members[c];
    }

    /** Whether {@code s} is not null, not empty and made only of this set's characters. */
    public boolean matchesAll(String s) {
        return s != null && matchesAll(s, 1, Integer.MAX_VALUE);
    }

    /** Whether {@code s} has {@code min} to {@code max} characters, all of them in this set. */
    public boolean matchesAll(String s, int min, int max) {
        if (s == null || s.length() < min || s.length() > max) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!contains(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "[" + spec + "]";
    }
}
