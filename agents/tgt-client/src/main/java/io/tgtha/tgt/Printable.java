// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

/**
 * Text that others wrote (an initiator's name or alias, a line of tgtd's output) made safe to put in a log
 * line or on a terminal: one line, quoted, control and non-ASCII bytes as {@code \xNN}, at most
 * {@value #MAX} characters of the original.
 */
public final class Printable {
    static final int MAX = 120;

    private Printable() {
    }

    /** Quoted and cut at {@value #MAX} characters: for log lines and messages. */
    static String of(String s) {
        if (s == null) {
            return "(none)";
        }
        String cut = s.length() > MAX ? s.substring(0, MAX) : s;
        return "'" + escaped(cut) + (s.length() > MAX ? "...'" : "'");
    }

    /** Whole, with control characters, non-ASCII, quote and backslash as {@code \xNN}: for terminals. */
    public static String escaped(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '\\' || c == '\'') {
                b.append(c > 0xff ? String.format("\\u%04x", (int) c) : String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
