package io.tgtha.ocf.exec;

import java.time.Duration;

/** How a command ended: exit code, captured output, and how long it took. */
public record CommandResult(Command command, int exitCode, String stdout, String stderr, Duration elapsed) {
}
