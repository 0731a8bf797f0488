// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.exec;

import java.time.Duration;

/**
 * How a command ended: exit code, captured output, and how long it took. {@code outputTruncated}: the
 * command wrote more than the runner keeps, so stdout or stderr is only the beginning of what it wrote.
 */
public record CommandResult(Command command, int exitCode, String stdout, String stderr, Duration elapsed,
                            boolean outputTruncated) {
    public CommandResult(Command command, int exitCode, String stdout, String stderr, Duration elapsed) {
        this(command, exitCode, stdout, stderr, elapsed, false);
    }
}
