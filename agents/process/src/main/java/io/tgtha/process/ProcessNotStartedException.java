// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.process;

import java.util.List;

/** The program could not be started: not found, not executable, or no process could be created. */
public final class ProcessNotStartedException extends ProcessException {
    ProcessNotStartedException(List<String> argv, String reason, Throwable cause) {
        super(argv, argv.get(0) + " could not be started: " + reason, cause);
    }
}
