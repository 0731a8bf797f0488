// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.lock;

import java.nio.file.Path;

/** The mutex was not free before the deadline. The message names the holder as its lock file records it. */
public final class MutexTimeoutException extends Exception {
    public MutexTimeoutException(Path file, String holder) {
        super("timed out waiting for " + file + " (held by: " + holder + ")", null, false, false);
    }
}
