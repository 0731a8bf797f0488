// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * When the kernel started this process: Pacemaker's fork (the OCF wrapper and the launcher exec, they
 * do not fork), which is when its operation timeout started, so an agent's budget counts from here
 * (see {@link io.tgtha.ocf.agent.AgentRunner#countingFrom}).
 *
 * <p>Read from /proc as {@code now - (uptime - starttime)}, both on the boot clock, to the kernel's
 * 10 ms tick. Not {@code ProcessHandle.current().info().startInstant()}: that also reads the command
 * line, the executable and the user name (NSS), starts the process reaper machinery, and adds
 * /proc/stat's boot time in whole seconds, so its answer can be a second early, a second taken from a
 * budget of a few.
 */
public final class ProcessStart {
    /** USER_HZ, the unit of /proc/PID/stat times: 100 on every Linux architecture tgt runs on. */
    private static final long USER_HZ = 100;

    private ProcessStart() {
    }

    /** This process's start; now when /proc cannot tell (then nothing is taken from the budget). */
    public static Instant ofThisProcess() {
        return from(Path.of("/proc/self/stat"), Path.of("/proc/uptime"), Instant.now());
    }

    /**
     * When process {@code pid} started, in clock ticks since boot (field 22 of /proc/PID/stat): with the
     * pid, it names one process for the life of the node, where a pid alone is reused. Empty when no such
     * process is running.
     */
    public static OptionalLong ticksOf(long pid) {
        try {
            return OptionalLong.of(startTicks(Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.US_ASCII)));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** Field 22 (starttime) of a /proc/PID/stat line. */
    private static long startTicks(String stat) {
        // "pid (comm) state ppid ...": comm may hold spaces and ')', so count fields after the last ')'
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[19]); // fields[0] is field 3
    }

    static Instant from(Path selfStat, Path uptime, Instant now) {
        try {
            long startTicks = startTicks(Files.readString(selfStat, StandardCharsets.US_ASCII));
            String up = Files.readString(uptime, StandardCharsets.US_ASCII);
            String upSeconds = up.substring(0, up.indexOf(' '));
            int dot = upSeconds.indexOf('.');
            long upMillis = dot < 0 ? Long.parseLong(upSeconds) * 1000
                    : Long.parseLong(upSeconds.substring(0, dot)) * 1000
                      + Long.parseLong((upSeconds.substring(dot + 1) + "00").substring(0, 3));
            long ageMillis = upMillis - startTicks * 1000 / USER_HZ;
            if (ageMillis < 0 || ageMillis > Duration.ofHours(1).toMillis()) {
                return now; // implausible: a clock or format we do not understand; take nothing
            }
            return now.minusMillis(ageMillis);
        } catch (IOException | RuntimeException e) {
            return now;
        }
    }
}
