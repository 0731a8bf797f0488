// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

/**
 * tgtd's {@code enum tgtadm_errno} (usr/tgtadm_error.h, unchanged from 1.0.30 to 1.0.97) plus two
 * refinements the client derives from context, because tgtd reuses USER_EXIST for "account already
 * bound to this target" and NO_USER for "account not bound to this target".
 */
public enum TgtError {
    SUCCESS(0, "success"),
    UNKNOWN_ERROR(1, "unknown error"),
    NO_MEMORY(2, "out of memory"),
    NO_DRIVER(3, "can't find the driver"),
    NO_SUCH_TARGET(4, "can't find the target"),
    NO_SUCH_LUN(5, "can't find the logical unit"),
    NO_SUCH_SESSION(6, "can't find the session"),
    NO_SUCH_CONNECTION(7, "can't find the connection"),
    NO_SUCH_BINDING(8, "can't find the binding"),
    TARGET_EXISTS(9, "this target already exists"),
    LUN_EXISTS(10, "this logical unit number already exists"),
    BINDING_EXISTS(11, "this binding already exists"),
    ACL_EXISTS(12, "this access control rule already exists"),
    ACL_NOT_FOUND(13, "this access control rule does not exist"),
    USER_EXISTS(14, "this account already exists"),
    NO_SUCH_USER(15, "can't find the account"),
    TOO_MANY_USERS(16, "too many accounts"),
    INVALID_REQUEST(17, "invalid request"),
    OUTGOING_ACCOUNT_EXISTS(18, "this target already has an outgoing account"),
    TARGET_ACTIVE(19, "this target is still active"),
    LUN_ACTIVE(20, "this logical unit is still active"),
    DRIVER_ACTIVE(21, "this driver is busy"),
    UNSUPPORTED_OPERATION(22, "this operation isn't supported"),
    UNKNOWN_PARAMETER(23, "unknown parameter"),
    PREVENT_REMOVAL(24, "this device has Prevent Removal set"),
    /** Client refinement of USER_EXISTS on an account bind. */
    ACCOUNT_ALREADY_BOUND(-1, "this account is already bound to the target"),
    /** Client refinement of NO_USER on an account unbind when the account exists. */
    ACCOUNT_NOT_BOUND(-1, "this account is not bound to the target"),
    /** A code this client does not know (newer tgtd). */
    UNRECOGNISED(-1, "unrecognised tgtd error code");

    private final int code;
    private final String message;

    TgtError(int code, String message) {
        this.code = code;
        this.message = message;
    }

    /** tgtd's numeric code, or -1 for client-side refinements. */
    public int code() {
        return code;
    }

    /** The text tgtadm prints for this code. */
    public String message() {
        return message;
    }

    public static TgtError fromCode(int code) {
        for (TgtError e : values()) {
            if (e.code == code && e.code >= 0) {
                return e;
            }
        }
        return UNRECOGNISED;
    }
}
