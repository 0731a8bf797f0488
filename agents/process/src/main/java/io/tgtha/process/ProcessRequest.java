// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.process;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One external command to run: argv, a mandatory timeout, optional stdin and extra environment, the exit
 * codes that count as success and how many bytes of each output stream to keep. Secrets go on stdin:
 * argv is world-readable in {@code /proc/PID/cmdline}.
 */
public final class ProcessRequest {
    /** Bytes kept per output stream unless the caller asks otherwise; the rest is read and counted, not kept. */
    public static final int DEFAULT_OUTPUT_LIMIT = 1 << 20;

    private final List<String> argv;
    private final Duration timeout;
    private final byte[] stdin;
    private final Map<String, String> env;
    private final Set<Integer> successExitCodes;
    private final int outputLimit;

    private ProcessRequest(List<String> argv, Duration timeout, byte[] stdin, Map<String, String> env,
                           Set<Integer> successExitCodes, int outputLimit) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        if (Objects.requireNonNull(timeout, "timeout").isNegative()) {
            throw new IllegalArgumentException("negative timeout " + timeout);
        }
        if (outputLimit < 0) {
            throw new IllegalArgumentException("negative output limit " + outputLimit);
        }
        this.argv = List.copyOf(argv);
        this.timeout = timeout;
        this.stdin = stdin;
        this.env = Map.copyOf(env);
        this.successExitCodes = Set.copyOf(successExitCodes);
        this.outputLimit = outputLimit;
    }

    public static ProcessRequest of(Duration timeout, String... argv) {
        return of(timeout, Arrays.asList(argv));
    }

    public static ProcessRequest of(Duration timeout, List<String> argv) {
        return new ProcessRequest(argv, timeout, null, Map.of(), Set.of(0), DEFAULT_OUTPUT_LIMIT);
    }

    /** Bytes written to the command's stdin (then closed); without it, stdin is /dev/null. */
    public ProcessRequest withStdin(byte[] input) {
        return new ProcessRequest(argv, timeout, input.clone(), env, successExitCodes, outputLimit);
    }

    /** Variables added to (or replacing in) the inherited environment. */
    public ProcessRequest withEnv(Map<String, String> extra) {
        return new ProcessRequest(argv, timeout, stdin, extra, successExitCodes, outputLimit);
    }

    public ProcessRequest withTimeout(Duration newTimeout) {
        return new ProcessRequest(argv, newTimeout, stdin, env, successExitCodes, outputLimit);
    }

    /** Exit codes that count as success; {@code {0}} by default. */
    public ProcessRequest succeedingOn(Set<Integer> codes) {
        return new ProcessRequest(argv, timeout, stdin, env, codes, outputLimit);
    }

    /** At most {@code bytes} of stdout and of stderr are kept; more is drained and counted. */
    public ProcessRequest withOutputLimit(int bytes) {
        return new ProcessRequest(argv, timeout, stdin, env, successExitCodes, bytes);
    }

    public List<String> argv() { return argv; }
    public Duration timeout() { return timeout; }
    byte[] stdinBytes() { return stdin; }
    public boolean hasStdin() { return stdin != null; }
    public Map<String, String> env() { return env; }
    public Set<Integer> successExitCodes() { return successExitCodes; }
    public int outputLimit() { return outputLimit; }
    public String program() { return argv.get(0); }

    /** argv only, never stdin. */
    @Override
    public String toString() {
        return String.join(" ", argv);
    }
}
