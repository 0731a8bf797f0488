// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.process;

import java.util.List;

/** A command did not succeed; the subclass says how. Messages name the program only, never stdin. */
public abstract sealed class ProcessException extends Exception
        permits ProcessNotStartedException, ProcessTimedOutException, ProcessExitedNonZeroException {
    private final List<String> argv;

    ProcessException(List<String> argv, String message, Throwable cause) {
        super(message, cause, false, false);
        this.argv = argv;
    }

    public List<String> argv() {
        return argv;
    }
}
