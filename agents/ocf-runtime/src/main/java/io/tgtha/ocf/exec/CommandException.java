// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.exec;

/** A command did not succeed; the subclass says how. Messages name the command's argv only. */
public abstract sealed class CommandException extends Exception
        permits CommandFailedException, CommandTimedOutException, CommandNotFoundException {
    private final transient Command command;

    protected CommandException(Command command, String message, Throwable cause) {
        super(message, cause, false, false);
        this.command = command;
    }

    public Command command() {
        return command;
    }
}
