// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.net;

import io.tgtha.cli.CliException;
import io.tgtha.cli.ExitCode;
import io.tgtha.ocf.Deadline;
import io.tgtha.ocf.exec.CommandException;
import io.tgtha.ocf.exec.CommandNotFoundException;
import io.tgtha.ocf.exec.CommandRunner;
import io.tgtha.ocf.lock.FileMutex;
import io.tgtha.ocf.lock.MutexTimeoutException;
import io.tgtha.packetfilter.PacketFilterException;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A drain's reset done with the packet-filter library's {@link io.tgtha.packetfilter.ConnectionReset}: what
 * the two drains share (the library under the PACKET_FILTER mutex, the reset and its second {@code ss -K} pass, the
 * exit codes of failures); they differ in which sockets and rules a scope means.
 */
abstract sealed class PacketFilterConnectionReset implements ConnectionReset
        permits PeerConnectionReset, PortblockConnectionReset {
    /** How long a {@code ss -K} pass waits for the destroyed sockets to go. */
    static final Duration DESTROY_WAIT = Duration.ofMillis(200);

    private final CommandRunner runner;
    private final Path lockDir;
    private final SocketSource sockets;

    PacketFilterConnectionReset(CommandRunner runner, Path lockDir, SocketSource sockets) {
        this.runner = runner;
        this.lockDir = lockDir;
        this.sockets = sockets;
    }

    /** Whether {@code socket} is one of the connections {@code scope} resets. */
    abstract boolean resets(ResetScope scope, TcpSocket socket);

    /**
     * Puts the scope's reset in place with {@code library} (under {@link #mutex()}) and destroys its sockets;
     * false when it says that none was destroyed.
     */
    abstract boolean block(io.tgtha.packetfilter.ConnectionReset library, ResetScope scope)
            throws PacketFilterException, CommandException, MutexTimeoutException, IOException;

    @Override
    public final List<TcpSocket> reset(ResetScope scope, Deadline deadline) {
        List<TcpSocket> before = matching(scope);
        try {
            return block(library(deadline), scope) ? before : List.of();
        } catch (PacketFilterException | CommandException | MutexTimeoutException | IOException e) {
            throw failure(e);
        }
    }

    /** Destroys the scope's sockets once more ({@code ss -K}), the rules staying as they are. */
    abstract void destroy(io.tgtha.packetfilter.ConnectionReset library, ResetScope scope) throws CommandException;

    @Override
    public final List<TcpSocket> destroyRemaining(ResetScope scope, Deadline deadline) {
        List<TcpSocket> before = matching(scope);
        if (before.isEmpty()) {
            return before;
        }
        try {
            destroy(library(deadline), scope);
            return before;
        } catch (CommandException e) {
            throw failure(e);
        }
    }

    final List<TcpSocket> matching(ResetScope scope) {
        return sockets.sockets().stream().filter(s -> resets(scope, s)).toList();
    }

    final io.tgtha.packetfilter.ConnectionReset library(Deadline deadline) {
        return new io.tgtha.packetfilter.ConnectionReset(runner, deadline, line -> { });
    }

    final FileMutex mutex() {
        return new FileMutex(lockDir, FileMutex.PACKET_FILTER);
    }

    /** The exit code and message of a failed reset, lift or second pass (docs/operator-guide.md, "Exit codes"). */
    final CliException failure(Exception e) {
        if (e instanceof MutexTimeoutException) {
            return new CliException(ExitCode.LOCK_TIMEOUT, "packet-filter mutex busy: " + e.getMessage());
        }
        if (e instanceof CommandNotFoundException
                || e instanceof PacketFilterException p && p.kind() == PacketFilterException.Kind.NOT_INSTALLED) {
            return new CliException(ExitCode.TOOL_MISSING, e.getMessage());
        }
        if (e instanceof IOException) {
            return new CliException(ExitCode.FAILURE, "cannot take the packet-filter mutex: " + e.getMessage());
        }
        return new CliException(ExitCode.COMMAND_FAILED, "connection reset failed: " + e.getMessage());
    }
}
