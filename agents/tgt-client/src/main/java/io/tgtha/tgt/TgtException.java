// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

/**
 * Any failure talking to tgtd. Sealed so callers can map every case to an OCF exit code with a
 * switch. Messages never contain passwords.
 */
public abstract sealed class TgtException extends RuntimeException
        permits TgtNotRunningException, TgtConnectionLostException, TgtTimeoutException,
        TgtRequestException, TgtUnsupportedVersionException, TgtProtocolException {

    private final String operation;

    protected TgtException(String operation, String message, Throwable cause) {
        super(operation + ": " + message, cause);
        this.operation = operation;
    }

    /** Human-readable description of the request, e.g. "create target 1". Never holds secrets. */
    public String operation() {
        return operation;
    }
}
