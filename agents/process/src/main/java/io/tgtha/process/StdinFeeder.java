// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.process;

import java.io.IOException;
import java.io.OutputStream;

/** Writes a command's stdin on a thread of its own: a child that does not read must not stall the timeout. */
final class StdinFeeder extends Thread {
    private final OutputStream out;
    private final byte[] bytes;

    StdinFeeder(OutputStream out, byte[] bytes) {
        super("stdin");
        this.out = out;
        this.bytes = bytes;
        setDaemon(true);
    }

    @Override
    public void run() {
        try (out) {
            out.write(bytes);
        } catch (IOException ignored) {
            // the child exited (or was killed) without reading all of it; its exit code tells the rest
        }
    }
}
