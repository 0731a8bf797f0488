// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.process;

import java.time.Duration;
import java.util.List;

/** A command that exited: its exit code, its (bounded) output and how long it ran. */
public record ProcessResult(List<String> argv, int exitCode, Output stdout, Output stderr, Duration elapsed) {
}
