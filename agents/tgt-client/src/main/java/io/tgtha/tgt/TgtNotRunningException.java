// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

/**
 * Nobody listens on the management socket: the socket file is missing or the connection is refused
 * (what {@code tgtadm} reports with exit code 107).
 */
public final class TgtNotRunningException extends TgtException {
    private final String socketPath;

    public TgtNotRunningException(String operation, String socketPath, Throwable cause) {
        super(operation, "tgtd is not running (no listener on " + socketPath + ")", cause);
        this.socketPath = socketPath;
    }

    public String socketPath() {
        return socketPath;
    }
}
