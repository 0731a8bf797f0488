package io.tgtha.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Start-up work the JDK does in an expensive way for a process that lives 50 ms, done the cheap way
 * with the same result. Measured on JDK 17 (2 cores, AppCDS), each about 5-8 ms CPU per operation.
 */
final class StartupShortcuts {
    static final String SELECTOR_PROVIDER_PROPERTY = "java.nio.channels.spi.SelectorProvider";
    /** What {@code sun.nio.ch.DefaultSelectorProvider} instantiates on Linux (JDK 11 to 25). */
    static final String LINUX_SELECTOR_PROVIDER = "sun.nio.ch.EPollSelectorProvider";
    /** USER_HZ: the unit of /proc/PID/stat times, 100 on every Linux architecture tgt runs on. */
    static final long USER_HZ = 100;

    private StartupShortcuts() {
    }

    /**
     * Names the default selector provider explicitly. The first socket (tgt's management socket) makes
     * {@code SelectorProvider.provider()} run a ServiceLoader lookup over the class path, which opens
     * and indexes tgtha.jar (887 entries) only to find no provider there; with the documented
     * property set it instantiates the JDK's own provider directly: the same class the lookup ends
     * with. Left alone when the property is already set or this JDK has no such class.
     */
    static void nameDefaultSelectorProvider() {
        if (System.getProperty(SELECTOR_PROVIDER_PROPERTY) != null) {
            return;
        }
        try {
            Class.forName(LINUX_SELECTOR_PROVIDER, false, null);
        } catch (ClassNotFoundException | LinkageError e) {
            return; // another JDK or OS: the ServiceLoader path, slower but right
        }
        System.setProperty(SELECTOR_PROVIDER_PROPERTY, LINUX_SELECTOR_PROVIDER);
    }

    /**
     * When the kernel started this process (Pacemaker's fork: the OCF wrapper and tgtha-agent exec,
     * they do not fork), from /proc: {@code now - (uptime - starttime)}, both on the boot clock, to
     * the kernel's 10 ms tick. {@code ProcessHandle.current().info().startInstant()} reads the same
     * field but also the command line, the executable and the user name (NSS), and starts the process
     * reaper machinery; and it adds /proc/stat's boot time, which is whole seconds, so its answer is
     * up to a second early. Falls back to now when /proc cannot be read.
     */
    static Instant processStart() {
        return processStart(Path.of("/proc/self/stat"), Path.of("/proc/uptime"), Instant.now());
    }

    static Instant processStart(Path selfStat, Path uptime, Instant now) {
        try {
            String stat = Files.readString(selfStat, StandardCharsets.US_ASCII);
            // "pid (comm) state ppid ...": comm may hold spaces and ')', so count fields after the last ')'
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long startTicks = Long.parseLong(fields[19]); // field 22 (starttime); fields[0] is field 3
            String up = Files.readString(uptime, StandardCharsets.US_ASCII);
            String upSeconds = up.substring(0, up.indexOf(' '));
            int dot = upSeconds.indexOf('.');
            long upMillis = dot < 0 ? Long.parseLong(upSeconds) * 1000
                    : Long.parseLong(upSeconds.substring(0, dot)) * 1000
                      + Long.parseLong((upSeconds.substring(dot + 1) + "00").substring(0, 3));
            long ageMillis = upMillis - startTicks * 1000 / USER_HZ;
            if (ageMillis < 0 || ageMillis > Duration.ofHours(1).toMillis()) {
                return now; // implausible: a clock or format we do not understand
            }
            return now.minusMillis(ageMillis);
        } catch (IOException | RuntimeException e) {
            return now;
        }
    }
}
