// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import io.tgtha.process.AsciiSet;

/** A tgt release number such as 1.0.85. */
public record TgtVersion(int major, int minor, int patch) implements Comparable<TgtVersion> {
    /** First release with today's op/mode enum values (MODE_STATS removed, OP_STATS/START/STOP, MODE_LLD added). */
    public static final TgtVersion FIRST_SUPPORTED = new TgtVersion(1, 0, 30);

    /**
     * Parses the first x.y.z in the text (e.g. the output of {@code tgtd -V}): what
     * {@code Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)").matcher(text).find()} finds, as a loop
     * (TgtVersionParseFindsTheFirstDottedTripleTest pins it).
     */
    public static TgtVersion parse(String text) {
        String s = text == null ? "" : text;
        // find() tries every start; greedy \d+ never gives back a digit, since one would stand where '.' must
        for (int start = 0; start < s.length(); start++) {
            int majorEnd = AsciiSet.DIGITS.runEnd(s, start);
            if (majorEnd == start || majorEnd >= s.length() || s.charAt(majorEnd) != '.') {
                continue;
            }
            int minorEnd = AsciiSet.DIGITS.runEnd(s, majorEnd + 1);
            if (minorEnd == majorEnd + 1 || minorEnd >= s.length() || s.charAt(minorEnd) != '.') {
                continue;
            }
            int patchEnd = AsciiSet.DIGITS.runEnd(s, minorEnd + 1);
            if (patchEnd == minorEnd + 1) {
                continue;
            }
            return new TgtVersion(Integer.parseInt(s.substring(start, majorEnd)),
                    Integer.parseInt(s.substring(majorEnd + 1, minorEnd)),
                    Integer.parseInt(s.substring(minorEnd + 1, patchEnd)));
        }
        throw new IllegalArgumentException("no tgt version in '" + text + "'");
    }

    public boolean isSupported() {
        return compareTo(FIRST_SUPPORTED) >= 0;
    }

    @Override
    public int compareTo(TgtVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        return c != 0 ? c : Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
