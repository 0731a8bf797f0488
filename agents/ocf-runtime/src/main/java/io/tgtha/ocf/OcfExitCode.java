// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf;

/**
 * The exit codes of the OCF resource agent API. Pacemaker maps each to a recovery decision,
 * so the choice matters: ERR_CONFIGURED and ERR_INSTALLED ban the resource from the node or
 * the cluster, a generic error only restarts it.
 */
public enum OcfExitCode {
    SUCCESS(0),
    ERR_GENERIC(1),
    ERR_ARGS(2),
    ERR_UNIMPLEMENTED(3),
    ERR_PERM(4),
    ERR_INSTALLED(5),
    ERR_CONFIGURED(6),
    NOT_RUNNING(7),
    /** Reserved for promotable resources; tgt-ha agents never return it. */
    RUNNING_PROMOTED(8),
    /** Reserved for promotable resources; tgt-ha agents never return it. */
    FAILED_PROMOTED(9);

    /** Written out, not the constant's position: reordering the constants must not change what Pacemaker sees. */
    private final int code;

    OcfExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
