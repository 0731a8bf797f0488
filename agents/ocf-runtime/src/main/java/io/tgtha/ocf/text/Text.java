// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.text;

import io.tgtha.process.AsciiSet;

import java.util.ArrayList;
import java.util.List;

/** Splitting and cleaning text. */
public final class Text {
    /** What {@code \s} matches in a Java regular expression: space, and U+0009 (tab) to U+000D (return). */
    private static final AsciiSet WHITESPACE = AsciiSet.of(" \t-\r");

    private Text() {
    }

    /** Whether {@code c} is what {@code \s} matches: space, tab, newline, vertical tab, form feed, return. */
    public static boolean isWhitespace(char c) {
        return WHITESPACE.contains(c);
    }

    /**
     * The words of {@code text}, separated by runs of whitespace, no empty words: what
     * {@code text.trim().split("\\s+")} gives, except that blank or null text gives no word at all.
     */
    public static List<String> words(String text) {
        return words(text, "");
    }

    /** As {@link #words(String)}, with the characters of {@code alsoSeparators} (e.g. ",") separating too. */
    public static List<String> words(String text, String alsoSeparators) {
        List<String> words = new ArrayList<>();
        if (text == null) {
            return words;
        }
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean separator = i == text.length() || isWhitespace(text.charAt(i))
                    || alsoSeparators.indexOf(text.charAt(i)) >= 0;
            if (separator) {
                if (start >= 0) {
                    words.add(text.substring(start, i));
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
            }
        }
        return words;
    }

    /**
     * {@code s} with every control character (U+0000-U+001F and U+007F, what {@code \p{Cntrl}}
     * matches) replaced by '?': one printable line for messages, whatever came in.
     */
    public static String printable(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                if (b == null) {
                    b = new StringBuilder(s);
                }
                b.setCharAt(i, '?');
            }
        }
        return b == null ? s : b.toString();
    }
}
