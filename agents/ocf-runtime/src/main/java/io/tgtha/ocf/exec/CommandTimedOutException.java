// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.exec;

import java.time.Duration;

/** The command was still running when its timeout ran out; it and its children were killed. */
public final class CommandTimedOutException extends CommandException {
    private final Duration timeout;

    public CommandTimedOutException(Command command, Duration timeout) {
        super(command, command.program() + " did not finish within " + timeout.toMillis() + " ms", null);
        this.timeout = timeout;
    }

    public Duration timeout() { return timeout; }
}
