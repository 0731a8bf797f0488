// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

/** Malformed response, oversize request, or an I/O error other than "not running". */
public final class TgtProtocolException extends TgtException {
    public TgtProtocolException(String operation, String message, Throwable cause) {
        super(operation, message, cause);
    }
}
