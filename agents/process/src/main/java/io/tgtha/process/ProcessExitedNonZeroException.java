// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.process;

/** The command exited with a code outside the request's success set. */
public final class ProcessExitedNonZeroException extends ProcessException {
    private final transient ProcessResult result;

    ProcessExitedNonZeroException(ProcessResult result) {
        super(result.argv(), describe(result), null);
        this.result = result;
    }

    private static String describe(ProcessResult r) {
        String err = r.stderr().text().strip();
        int nl = err.indexOf('\n');
        return r.argv().get(0) + " exited " + r.exitCode() + (err.isEmpty() ? "" : ": " + (nl < 0 ? err : err.substring(0, nl)));
    }

    public int exitCode() { return result.exitCode(); }
    public ProcessResult result() { return result; }
}
