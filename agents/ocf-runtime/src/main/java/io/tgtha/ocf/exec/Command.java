// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.exec;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * An external command to run. The timeout is mandatory: a command that hangs (tgtadm on a wedged
 * daemon, iptables waiting for its lock) must never hang the agent past Pacemaker's timeout.
 * Secrets travel on stdin, never in argv (argv is world-readable in /proc).
 */
public final class Command {
    private final List<String> argv;
    private final Duration timeout;
    private final byte[] stdin;
    private final Map<String, String> extraEnv;
    private final Set<Integer> successExitCodes;

    private Command(List<String> argv, Duration timeout, byte[] stdin, Map<String, String> extraEnv,
                    Set<Integer> successExitCodes) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        this.argv = List.copyOf(argv);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.stdin = stdin;
        this.extraEnv = Map.copyOf(extraEnv);
        this.successExitCodes = Set.copyOf(successExitCodes);
    }

    public static Command of(Duration timeout, String... argv) {
        return new Command(Arrays.asList(argv), timeout, null, Map.of(), Set.of(0));
    }

    public static Command of(Duration timeout, List<String> argv) {
        return new Command(argv, timeout, null, Map.of(), Set.of(0));
    }

    public Command withStdin(byte[] input) {
        return new Command(argv, timeout, input.clone(), extraEnv, successExitCodes);
    }

    public Command withEnv(Map<String, String> env) {
        return new Command(argv, timeout, stdin, env, successExitCodes);
    }

    public Command withTimeout(Duration newTimeout) {
        return new Command(argv, newTimeout, stdin, extraEnv, successExitCodes);
    }

    /** Exit codes that count as success (zt-exec's exitValues); 0 alone by default. */
    public Command succeedingOn(Integer... codes) {
        return new Command(argv, timeout, stdin, extraEnv, new TreeSet<>(Arrays.asList(codes)));
    }

    public List<String> argv() { return argv; }
    public Duration timeout() { return timeout; }
    public byte[] stdin() { return stdin == null ? null : stdin.clone(); }
    public Map<String, String> extraEnv() { return extraEnv; }
    public Set<Integer> successExitCodes() { return successExitCodes; }
    public String program() { return argv.get(0); }

    /** For logs: argv only (never stdin). */
    @Override
    public String toString() {
        return String.join(" ", argv);
    }
}
