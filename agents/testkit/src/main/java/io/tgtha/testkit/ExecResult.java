// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.testkit;

import java.util.List;

/** Outcome of one bounded command run: exit code, captured output, and whether the deadline killed it. */
public record ExecResult(List<String> command, int exitCode, String stdout, String stderr, boolean timedOut) {

    public boolean ok() {
        return !timedOut && exitCode == 0;
    }

    /** Throws with the full output when the command failed; returns this for chaining. */
    public ExecResult orThrow() {
        if (!ok()) {
            throw new LabException(describe());
        }
        return this;
    }

    public String describe() {
        return String.join(" ", command) + (timedOut ? " timed out" : " exited " + exitCode)
                + (stdout.isBlank() ? "" : "\nstdout: " + stdout.strip())
                + (stderr.isBlank() ? "" : "\nstderr: " + stderr.strip());
    }
}
