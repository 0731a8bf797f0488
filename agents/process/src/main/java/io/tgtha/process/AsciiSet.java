// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.process;

/**
 * A set of ASCII characters, written like the body of a regular-expression character class without
 * the brackets: {@code AsciiSet.of("A-Za-z0-9._-")} (a '-' first or last is itself). Immutable;
 * build them once, as constants. tgt-ha's one character-class helper: it lives in this JDK-only module so
 * that the tgt client's loop parsers (no OCF runtime) and the agents share it.
 */
public final class AsciiSet {
    /** regex {@code \d} without UNICODE_CHARACTER_CLASS: 0-9 only, never another script's digits. */
    public static final AsciiSet DIGITS = of("0-9");
    /** regex {@code [0-9A-Fa-f]}. */
    public static final AsciiSet HEX_DIGITS = of("0-9A-Fa-f");

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
        return s != null && matchesFrom(s, 0, min, max);
    }

    /**
     * Whether the rest of {@code s} from {@code from} to its end has {@code min} to {@code max} characters, all of
     * them in this set: regex {@code [set]{min,max}$} matched at {@code from}.
     */
    public boolean matchesFrom(String s, int from, int min, int max) {
        int n = s.length() - from;
        return n >= min && n <= max && runEnd(s, from) == s.length();
    }

    /**
     * The index after the run of this set's characters that starts at {@code from} ({@code from} itself when there is
     * none): where a greedy {@code [set]*} starting there ends.
     */
    public int runEnd(String s, int from) {
        int i = from;
        while (i < s.length() && contains(s.charAt(i))) {
            i++;
        }
        return i;
    }

    @Override
    public String toString() {
        return "[" + spec + "]";
    }
}
