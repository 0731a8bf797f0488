// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import java.time.Duration;

/** tgtd did not complete the request within the deadline (it is single-threaded and may be stuck). */
public final class TgtTimeoutException extends TgtException {
    private final Duration timeout;

    public TgtTimeoutException(String operation, Duration timeout) {
        super(operation, "no answer from tgtd within " + timeout.toMillis() + " ms", null);
        this.timeout = timeout;
    }

    public Duration timeout() {
        return timeout;
    }
}
