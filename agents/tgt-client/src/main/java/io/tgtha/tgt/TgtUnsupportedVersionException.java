// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

/**
 * The request layout for this tgtd is unknown (before 1.0.30 the {@code tgtadm_op}/{@code tgtadm_mode}
 * enum values differ) or the version could not be determined. Nothing was sent.
 */
public final class TgtUnsupportedVersionException extends TgtException {
    public TgtUnsupportedVersionException(String operation, String message) {
        super(operation, message, null);
    }
}
