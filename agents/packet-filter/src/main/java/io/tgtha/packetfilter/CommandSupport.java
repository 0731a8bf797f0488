// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.packetfilter;

import io.tgtha.ocf.Deadline;
import io.tgtha.ocf.exec.Command;
import io.tgtha.ocf.exec.CommandException;
import io.tgtha.ocf.exec.CommandFailedException;
import io.tgtha.ocf.exec.CommandNotFoundException;
import io.tgtha.ocf.exec.CommandResult;
import io.tgtha.ocf.exec.CommandRunner;
import io.tgtha.ocf.exec.CommandTimedOutException;
import io.tgtha.ocf.exec.Retry;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Runs firewall commands with retry of transient contention, turning command failures into typed filter failures. */
final class CommandSupport {
    /** Time left for the last retry of a busy command to run (a loaded node's iptables fork and exec). */
    static final Duration LAST_ATTEMPT = Duration.ofMillis(150);

    private final CommandRunner runner;
    private final Deadline deadline;
    private final Consumer<String> debug;
    private final Predicate<CommandFailedException> transientFailure;

    CommandSupport(CommandRunner runner, Deadline deadline, Consumer<String> debug,
                   Predicate<CommandFailedException> transientFailure) {
        this.runner = runner;
        this.deadline = deadline;
        this.debug = debug;
        this.transientFailure = transientFailure;
    }

    Deadline deadline() {
        return deadline;
    }

    CommandResult run(Command command) throws PacketFilterException {
        Attempt attempt = new Attempt(command);
        try {
            // retries stop LAST_ATTEMPT before the deadline: otherwise the backoff can start the last
            // attempt with a few ms left, and its timeout, not the contention, becomes the answer
            return Retry.withBackoff(Duration.ofMillis(20), Duration.ofMillis(500)).debugTo(debug)
                    .run(attempt, e -> e instanceof CommandFailedException f && transientFailure.test(f),
                            deadline.minus(LAST_ATTEMPT));
        } catch (CommandNotFoundException e) {
            throw new PacketFilterException(PacketFilterException.Kind.NOT_INSTALLED,
                    command.program() + " is not installed", e);
        } catch (CommandTimedOutException e) {
            if (attempt.lastBusy != null) {
                // busy all along, and the last try ran out of time: the contention is the news
                throw new PacketFilterException(PacketFilterException.Kind.BUSY,
                        "still busy when time ran out: " + attempt.lastBusy.getMessage(), e);
            }
            throw new PacketFilterException(PacketFilterException.Kind.TIMED_OUT,
                    "timed out: " + command, e);
        } catch (CommandFailedException e) {
            PacketFilterException.Kind kind = permissionDenied(e) ? PacketFilterException.Kind.PERMISSION
                    : transientFailure.test(e) ? PacketFilterException.Kind.BUSY : PacketFilterException.Kind.FAILED;
            String prefix = kind == PacketFilterException.Kind.BUSY ? "still busy when time ran out: " : "";
            throw new PacketFilterException(kind, prefix + e.getMessage(), e);
        } catch (CommandException e) {
            throw new PacketFilterException(PacketFilterException.Kind.FAILED, e.getMessage(), e);
        }
    }

    /** One run of the command; remembers the last transient failure, the real news if time runs out. */
    private final class Attempt implements Retry.Attempt<CommandResult, CommandException> {
        private final Command command;
        CommandFailedException lastBusy;

        Attempt(Command command) {
            this.command = command;
        }

        @Override
        public CommandResult run() throws CommandException {
            try {
                return runner.run(command);
            } catch (CommandFailedException f) {
                if (transientFailure.test(f)) {
                    lastBusy = f;
                }
                throw f;
            }
        }
    }

    static boolean permissionDenied(CommandFailedException e) {
        return permissionDenied(e.result().stderr());
    }

    static boolean permissionDenied(String stderr) {
        String err = stderr.toLowerCase(Locale.ROOT);
        return err.contains("permission denied") || err.contains("you must be root")
                || err.contains("operation not permitted");
    }

    static String stderrOf(CommandFailedException e) {
        return e.result().stderr().toLowerCase(Locale.ROOT);
    }
}
