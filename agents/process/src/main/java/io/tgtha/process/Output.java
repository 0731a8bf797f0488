// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.process;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** What a command wrote to one stream: the first bytes up to the request's limit, and how many there were in all. */
public final class Output {
    static final Output EMPTY = new Output(new byte[0], 0);

    private final byte[] kept;
    private final long total;

    Output(byte[] kept, long total) {
        this.kept = kept;
        this.total = total;
    }

    /** The kept bytes as UTF-8 text. */
    public String text() {
        return text(StandardCharsets.UTF_8);
    }

    public String text(Charset charset) {
        return new String(kept, charset);
    }

    public byte[] bytes() {
        return kept.clone();
    }

    /** Bytes the command wrote, kept or not. */
    public long total() {
        return total;
    }

    /** True when the command wrote more than the limit, so {@link #text()} is only the beginning. */
    public boolean truncated() {
        return total > kept.length;
    }
}
