// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.exec;

/** Runs external commands. Agents take one, so unit tests can hand them a fake. */
public interface CommandRunner {
    /**
     * Runs {@code command} to completion or its timeout.
     *
     * @return the result, whose exit code is in the command's success set
     */
    CommandResult run(Command command) throws CommandException;
}
