// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.process;

import java.time.Duration;
import java.util.List;

/** The command was still running at its timeout; its whole process group was killed. Carries what it wrote. */
public final class ProcessTimedOutException extends ProcessException {
    private final Duration timeout;
    private final transient Output stdout;
    private final transient Output stderr;

    ProcessTimedOutException(List<String> argv, Duration timeout, Output stdout, Output stderr) {
        super(argv, argv.get(0) + " did not finish within " + timeout.toMillis() + " ms", null);
        this.timeout = timeout;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    public Duration timeout() { return timeout; }
    public Output stdout() { return stdout; }
    public Output stderr() { return stderr; }
}
