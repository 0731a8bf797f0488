// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

/**
 * Character checks of tgt-client's loop parsers (a remnant of the retired start-up rules, docs/architecture.md,
 * "House rules"). tgt-client is pure JDK, so these live here rather than in ocf-runtime's text helpers. Each
 * method names the regex construct it stands for, with that construct's exact (ASCII-only, no flags) meaning.
 */
final class AsciiChars {
    private AsciiChars() {
    }

    /** regex {@code \d} (without UNICODE_CHARACTER_CLASS): 0-9 only. */
    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** regex {@code [0-9A-Fa-f]}. */
    static boolean isHexDigit(char c) {
        return isDigit(c) || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
    }

    /**
     * regex {@code \s}: space, \t, \n, \x0B, \f, \r. Narrower than {@link String#trim()} (every char up to
     * U+0020) and than {@link Character#isWhitespace(char)}; {@code \S} is its complement.
     */
    static boolean isSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    /** Index after the run of {@code \d} starting at {@code from} ({@code from} itself when there is none). */
    static int digitsEnd(String s, int from) {
        int i = from;
        while (i < s.length() && isDigit(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** regex {@code \d{1,max}} for all of {@code s} from {@code from} to its end. */
    static boolean isDigitsToEnd(String s, int from, int max) {
        int n = s.length() - from;
        return n >= 1 && n <= max && digitsEnd(s, from) == s.length();
    }

    /** regex {@code (/\d{1,max})?} for all of {@code s} from {@code from} to its end (a prefix length). */
    static boolean isOptionalPrefixLength(String s, int from, int max) {
        return from == s.length() || (s.charAt(from) == '/' && isDigitsToEnd(s, from + 1, max));
    }
}
