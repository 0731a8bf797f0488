// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.exec;

/** The command ran and exited with a code outside its success set. */
public final class CommandFailedException extends CommandException {
    private final transient CommandResult result;

    public CommandFailedException(CommandResult result) {
        super(result.command(), describe(result), null);
        this.result = result;
    }

    private static String describe(CommandResult r) {
        String err = r.stderr().strip();
        int nl = err.indexOf('\n');
        if (nl >= 0) {
            err = err.substring(0, nl);
        }
        return r.command().program() + " exited " + r.exitCode() + (err.isEmpty() ? "" : ": " + err);
    }

    public int exitCode() { return result.exitCode(); }
    public CommandResult result() { return result; }
}
