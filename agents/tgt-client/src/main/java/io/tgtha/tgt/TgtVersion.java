package io.tgtha.tgt;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A tgt release number such as 1.0.85. */
public record TgtVersion(int major, int minor, int patch) implements Comparable<TgtVersion> {
    /** First release with today's op/mode enum values (MODE_STATS removed, OP_STATS/START/STOP, MODE_LLD added). */
    public static final TgtVersion FIRST_SUPPORTED = new TgtVersion(1, 0, 30);

    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");

    /** Parses the first x.y.z in the text (e.g. the output of {@code tgtd -V}). */
    public static TgtVersion parse(String text) {
        Matcher m = VERSION.matcher(text == null ? "" : text);
        if (!m.find()) {
            throw new IllegalArgumentException("no tgt version in '" + text + "'");
        }
        return new TgtVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
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
