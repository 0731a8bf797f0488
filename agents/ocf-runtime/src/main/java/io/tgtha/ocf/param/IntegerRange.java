// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.param;

import java.util.Optional;

/**
 * The values an integer parameter may take, declared with it ({@link ParameterSpec.Builder#range}). A
 * value outside says "out of range" and the range, whether it overflows an int or merely breaks the rule.
 *
 * @param why what the range comes from, or null (e.g. "LUN 0 is tgtd's controller LUN")
 */
public record IntegerRange(long min, long max, String why) {
    /** What an integer parameter without a declared range may take. */
    static final IntegerRange ANY_INT = new IntegerRange(Integer.MIN_VALUE, Integer.MAX_VALUE, null);

    public IntegerRange {
        if (min > max || min < Integer.MIN_VALUE || max > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("range " + min + "-" + max);
        }
    }

    boolean contains(long value) {
        return value >= min && value <= max;
    }

    /** "out of range, must be from 1 to 32767 (why)". */
    String rule() {
        return "out of range, must be from " + min + " to " + max
                + Optional.ofNullable(why).map(w -> " (" + w + ")").orElse("");
    }
}
