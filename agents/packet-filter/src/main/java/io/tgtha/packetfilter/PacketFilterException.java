// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.packetfilter;

import io.tgtha.ocf.OcfException;
import io.tgtha.ocf.OcfExitCode;

/** A packet-filter change or query did not work; {@link Kind} says how, so callers map it to an exit code. */
public final class PacketFilterException extends Exception {
    public enum Kind {
        /** The firewall tool is not installed. */
        NOT_INSTALLED(OcfExitCode.ERR_INSTALLED),
        /** The kernel refused us (not root, no CAP_NET_ADMIN). */
        PERMISSION(OcfExitCode.ERR_PERM),
        /** Still busy ("Resource temporarily unavailable", xtables lock) when our time ran out. */
        BUSY(OcfExitCode.ERR_GENERIC),
        TIMED_OUT(OcfExitCode.ERR_GENERIC),
        FAILED(OcfExitCode.ERR_GENERIC);

        private final OcfExitCode exitCode;

        Kind(OcfExitCode exitCode) {
            this.exitCode = exitCode;
        }
    }

    private final Kind kind;

    public PacketFilterException(Kind kind, String message, Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** As an OCF outcome: a busy firewall is a generic error (rc 1), never "insufficient privileges" (rc 4). */
    public OcfException toOcf() {
        return new OcfException(kind.exitCode, getMessage(), this);
    }
}
