// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.exec;

/** The program could not be started: not installed, or not executable. Maps to OCF "not installed". */
public final class CommandNotFoundException extends CommandException {
    public CommandNotFoundException(Command command, Throwable cause) {
        super(command, command.program() + " could not be run: not installed or not executable", cause);
    }
}
