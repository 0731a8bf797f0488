// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

/**
 * tgtd closed the socket before a complete response arrived. Usually tgtd crashed while handling the
 * request (tgtadm exits 0 in that case, silently). {@link #daemonStillListening()} tells the crash
 * apart from a rejected peer (tgtd drops connections from other uids via SO_PEERCRED).
 */
public final class TgtConnectionLostException extends TgtException {
    private final boolean daemonStillListening;

    public TgtConnectionLostException(String operation, boolean daemonStillListening, Throwable cause) {
        super(operation, daemonStillListening
                ? "tgtd closed the connection without answering (still listening: uid mismatch or rejected request?)"
                : "tgtd closed the connection mid-request and no longer listens (crashed?)", cause);
        this.daemonStillListening = daemonStillListening;
    }

    /** True when a fresh connection to the socket succeeded right after the loss. */
    public boolean daemonStillListening() {
        return daemonStillListening;
    }
}
