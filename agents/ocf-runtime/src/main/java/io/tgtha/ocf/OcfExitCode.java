// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf;

/**
 * The exit codes of the OCF resource agent API. Pacemaker maps each to a recovery decision,
 * so the choice matters: ERR_CONFIGURED and ERR_INSTALLED ban the resource from the node or
 * the cluster, a generic error only restarts it.
 */
public enum OcfExitCode {
    SUCCESS(0, "ok"),
    ERR_GENERIC(1, "generic error"),
    ERR_ARGS(2, "invalid parameter"),
    ERR_UNIMPLEMENTED(3, "unimplemented feature"),
    ERR_PERM(4, "insufficient privileges"),
    ERR_INSTALLED(5, "not installed"),
    ERR_CONFIGURED(6, "not configured"),
    NOT_RUNNING(7, "not running"),
    /** Reserved for promotable resources; tgt-ha agents never return it. */
    RUNNING_PROMOTED(8, "running promoted"),
    /** Reserved for promotable resources; tgt-ha agents never return it. */
    FAILED_PROMOTED(9, "failed promoted");

    private final int code;
    private final String description;

    OcfExitCode(int code, String description) {
        this.code = code;
        this.description = description;
    }

    public int code() {
        return code;
    }

    public String description() {
        return description;
    }
}
