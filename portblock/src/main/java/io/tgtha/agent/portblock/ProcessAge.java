package io.tgtha.agent.portblock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * How long ago the kernel started this process, for {@link PortblockAgent#main}: its operation budget
 * counts from the fork, as Pacemaker's timeout does. Read from /proc as the age on the boot clock,
 * {@code uptime - starttime}, to the 10 ms tick. Not {@code ProcessHandle...startInstant()}: that adds
 * /proc/stat's boot time in whole seconds, so it can be a second early, a second taken from a budget
 * of a few. (The tgtha-agent launcher in ocf-wrappers does the same for the installed agents; this
 * belongs in ocf-runtime next to AgentRunner.countingFrom.)
 */
final class ProcessAge {
    /** The unit of /proc/PID/stat times: 100 on every Linux architecture tgt runs on. */
    private static final long USER_HZ = 100;

    private ProcessAge() {
    }

    /** When this process started; now when /proc cannot tell (then nothing is taken from the budget). */
    static Instant processStart() {
        Instant now = Instant.now();
        return now.minus(age(Path.of("/proc/self/stat"), Path.of("/proc/uptime")));
    }

    static Duration age(Path selfStat, Path uptime) {
        try {
            String stat = Files.readString(selfStat, StandardCharsets.US_ASCII);
            // "pid (comm) state ...": comm may contain spaces and ')', so split after the last ')';
            // starttime is field 22, i.e. the 20th after "state" (field 3)
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            long startMillis = Long.parseLong(fields[19]) * 1000 / USER_HZ;
            String up = Files.readString(uptime, StandardCharsets.US_ASCII).trim().split("\\s+")[0];
            long upMillis = Math.round(Double.parseDouble(up) * 1000);
            long age = upMillis - startMillis;
            // negative or hours: a format we do not understand; take nothing rather than too much
            return age < 0 || age > Duration.ofHours(1).toMillis() ? Duration.ZERO : Duration.ofMillis(age);
        } catch (IOException | RuntimeException e) {
            return Duration.ZERO;
        }
    }
}
