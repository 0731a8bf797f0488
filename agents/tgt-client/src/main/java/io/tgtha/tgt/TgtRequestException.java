// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

/** tgtd answered with an error code ({@code tgtadm} would exit 22 and print the message). */
public final class TgtRequestException extends TgtException {
    private final TgtError error;
    private final int code;

    public TgtRequestException(String operation, TgtError error, int code) {
        super(operation, error.message() + " (" + error.name() + ", tgtd code " + code + ")", null);
        this.error = error;
        this.code = code;
    }

    public TgtError error() {
        return error;
    }

    /** The raw {@code enum tgtadm_errno} value tgtd sent. */
    public int code() {
        return code;
    }
}
