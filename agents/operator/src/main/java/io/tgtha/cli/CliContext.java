// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import io.tgtha.ocf.OcfEnvironment;
import io.tgtha.ocf.exec.CommandRunner;
import io.tgtha.ocf.exec.ProcessCommandRunner;
import io.tgtha.ocf.lock.FileMutex;
import io.tgtha.ocf.log.OcfLog;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Everything a command touches outside itself: output streams, whether a human watches, environment,
 * how external commands run and where the node-wide locks live. Tests build their own.
 *
 * @param terminal true when stdout is an interactive terminal (colour, in-place progress)
 */
public record CliContext(PrintWriter out, PrintWriter err, boolean terminal, Map<String, String> env,
                         CommandRunner runner, Path lockDir) {

    public static CliContext system() {
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        return of(out, err, System.console() != null, System.err);
    }

    /** Real commands and locks, the given streams: the SSH test server runs tgtha in-process with this. */
    public static CliContext of(PrintWriter out, PrintWriter err, boolean terminal, PrintStream logTo) {
        OcfEnvironment env = OcfEnvironment.ofSystem();
        CommandRunner runner = new ProcessCommandRunner(null, new OcfLog(env, "tgtha", logTo));
        return new CliContext(out, err, terminal, System.getenv(), runner, FileMutex.defaultLockDir());
    }
}
