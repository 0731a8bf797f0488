// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf;

import java.util.Objects;

/**
 * An operation ended with a definite OCF result and a one-line reason for the operator.
 * The reason is printed as the exit reason, so it must never carry a secret.
 * Stack traces are suppressed: this is an expected outcome, not a bug.
 */
public class OcfException extends RuntimeException {
    private final OcfExitCode exitCode;

    public OcfException(OcfExitCode exitCode, String reason) {
        this(exitCode, reason, null);
    }

    public OcfException(OcfExitCode exitCode, String reason, Throwable cause) {
        super(Objects.requireNonNull(reason), cause, false, false);
        this.exitCode = Objects.requireNonNull(exitCode);
    }

    public OcfExitCode exitCode() {
        return exitCode;
    }

    public String reason() {
        return getMessage();
    }

    public static OcfException configured(String reason) {
        return new OcfException(OcfExitCode.ERR_CONFIGURED, reason);
    }

    public static OcfException installed(String reason) {
        return new OcfException(OcfExitCode.ERR_INSTALLED, reason);
    }

    public static OcfException args(String reason) {
        return new OcfException(OcfExitCode.ERR_ARGS, reason);
    }

    public static OcfException generic(String reason) {
        return new OcfException(OcfExitCode.ERR_GENERIC, reason);
    }

    public static OcfException generic(String reason, Throwable cause) {
        return new OcfException(OcfExitCode.ERR_GENERIC, reason, cause);
    }
}
