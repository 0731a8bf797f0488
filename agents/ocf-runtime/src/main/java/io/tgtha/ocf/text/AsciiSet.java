// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.text;

/**
 * Forwards to {@link io.tgtha.process.AsciiSet}, tgt-ha's one character-class helper. Kept only for portblock's
 * {@code PseudoState} until its import names {@code io.tgtha.process.AsciiSet}; then this class goes.
 */
@Deprecated(forRemoval = true)
public final class AsciiSet {
    private final io.tgtha.process.AsciiSet set;

    private AsciiSet(io.tgtha.process.AsciiSet set) {
        this.set = set;
    }

    public static AsciiSet of(String spec) {
        return new AsciiSet(io.tgtha.process.AsciiSet.of(spec));
    }

    public boolean contains(char c) {
        return set.contains(c);
    }
}
