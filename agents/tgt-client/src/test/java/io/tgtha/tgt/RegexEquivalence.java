// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test support: checks a hand-written matcher against the regular expression it is written from, on given inputs
 * plus strings glued at random (fixed seed, so failures reproduce) from fragments that sit on the shapes' edges.
 */
final class RegexEquivalence {
    /** Whitespace inside and outside \s, line terminators '.' refuses, and a non-ASCII letter and digit. */
    static final List<String> EDGE_CHARS = List.of(" ", "\t", "\n", "\r", "\u000B", "\f", "\u001F", "\u00A0",
            "\u0085", "\u2028", "\u2029", "\u00E9", "\u0663", "\uD83D\uDE00", "");

    private RegexEquivalence() {
    }

    /** The groups of a full match ({@code matches()}), or null when the regex does not match. */
    static String[] regexGroups(Pattern p, String s) {
        Matcher m = p.matcher(s);
        if (!m.matches()) {
            return null;
        }
        String[] g = new String[m.groupCount()];
        for (int i = 0; i < g.length; i++) {
            g[i] = m.group(i + 1);
        }
        return g;
    }

    /**
     * Inputs: the given ones; then {@code count} more, half random concatenations of 1-8 fragments, half
     * near misses: a given input with 0-3 random edits (insert a fragment, delete or replace a char).
     */
    static List<String> inputs(List<String> given, List<String> fragments, int count, long seed) {
        List<String> all = new ArrayList<>(given);
        List<String> pool = new ArrayList<>(fragments);
        pool.addAll(EDGE_CHARS);
        List<String> seeds = new ArrayList<>();
        for (String g : given) {
            if (g != null) {
                seeds.add(g);
            }
        }
        Random random = new Random(seed);
        for (int n = 0; n < count; n++) {
            StringBuilder b = new StringBuilder();
            if (n % 2 == 0 || seeds.isEmpty()) {
                int parts = 1 + random.nextInt(8);
                for (int k = 0; k < parts; k++) {
                    b.append(pool.get(random.nextInt(pool.size())));
                }
            } else {
                b.append(seeds.get(random.nextInt(seeds.size())));
                int edits = random.nextInt(4);
                for (int k = 0; k < edits; k++) {
                    int at = random.nextInt(b.length() + 1);
                    switch (random.nextInt(3)) {
                        case 0 -> b.insert(at, pool.get(random.nextInt(pool.size())));
                        case 1 -> {
                            if (at < b.length()) {
                                b.deleteCharAt(at);
                            }
                        }
                        default -> {
                            if (at < b.length()) {
                                String f = pool.get(random.nextInt(pool.size()));
                                b.replace(at, at + 1, f.isEmpty() ? "" : f.substring(0, 1));
                            }
                        }
                    }
                }
            }
            all.add(b.toString());
        }
        return all;
    }

    /**
     * Asserts the loop returns exactly the regex's groups (null for no match) for every input; returns how
     * many inputs matched, so callers can check the random inputs did reach the matching side.
     */
    static int assertSameGroups(Pattern old, Function<String, String[]> loop, List<String> inputs) {
        int matched = 0;
        for (String s : inputs) {
            String[] expected = regexGroups(old, s);
            assertThat(loop.apply(s)).as("%s on '%s'", old, escape(s)).isEqualTo(expected);
            if (expected != null) {
                matched++;
            }
        }
        return matched;
    }

    /** Same for a yes/no check. */
    static int assertSameVerdict(Pattern old, Function<String, Boolean> loop, List<String> inputs) {
        int matched = 0;
        for (String s : inputs) {
            boolean expected = old.matcher(s).matches();
            assertThat(loop.apply(s)).as("%s on '%s'", old, escape(s)).isEqualTo(expected);
            if (expected) {
                matched++;
            }
        }
        return matched;
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c < 0x20 || c > 0x7e) {
                b.append(String.format("\\u%04X", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    static String[] arrayOrNull(String s) {
        return s == null ? null : new String[] {s};
    }

    static List<String> list(String... s) {
        return Arrays.asList(s);
    }
}
