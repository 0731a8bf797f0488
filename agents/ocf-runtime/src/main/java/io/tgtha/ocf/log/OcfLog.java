// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.log;

import io.tgtha.ocf.OcfEnvironment;
import io.tgtha.ocf.Secret;
import io.tgtha.process.ProcessNotStartedException;
import io.tgtha.process.ProcessRequest;
import io.tgtha.process.ProcessRunner;
import io.tgtha.process.ProcessTimedOutException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * Logging that behaves like ocf_log from ocf-shellfuncs, so operators find our lines where they
 * find every other agent's: syslog through {@code logger} when HA_LOGFACILITY is set, HA_LOGFILE
 * and HA_DEBUGLOG appended to, stderr otherwise (pacemaker-execd logs an agent's stderr). The tag
 * is {@code type(instance)[pid]} as in ocf-shellfuncs. Debug lines appear only with HA_debug=1,
 * HA_DEBUGLOG or OCF_TRACE_RA. No line is searched for secrets (that garbled ordinary words and revealed
 * parts of short secrets): a secret reaches code only as a {@link io.tgtha.ocf.Secret}, whose toString is masked.
 */
public final class OcfLog {
    private static final ProcessRunner SYSLOG = new ProcessRunner();
    private static final Duration LOGGER_TIMEOUT = Duration.ofSeconds(2);

    private final OcfEnvironment env;
    private final String agentName;
    private String tag; // lazily: see tag()
    private LogClock clock; // lazily: most operations log nothing
    private final String facility;
    private final Path logFile;
    private final Path debugLog;
    private final Path traceFile;
    private final boolean debugEnabled;
    private final PrintStream stderr;

    public OcfLog(OcfEnvironment env, String agentName, PrintStream stderr) {
        this.env = env;
        this.agentName = agentName;
        String facility = env.get("HA_LOGFACILITY").orElse("");
        this.facility = facility.isEmpty() || facility.equals("none") ? null : facility;
        this.logFile = absolutePath(env, "HA_LOGFILE");
        this.debugLog = absolutePath(env, "HA_DEBUGLOG");
        this.traceFile = traceFileFrom(env, agentName);
        this.debugEnabled = "1".equals(env.get("HA_debug").orElse(null)) || debugLog != null || traceFile != null;
        this.stderr = stderr;
    }

    private static Path absolutePath(OcfEnvironment env, String name) {
        String v = env.get(name).orElse("");
        return v.startsWith("/") ? Path.of(v) : null;
    }

    /**
     * {@code type(instance)[pid]} or HA_LOGTAG, made on first use: most operations log nothing, and
     * the pid (ProcessHandle) costs a short-lived JVM its process-reaper set-up.
     */
    private String tag() {
        if (tag == null) {
            String given = env.get("HA_LOGTAG").orElse("");
            tag = !given.isEmpty() ? given
                    : agentName + "(" + env.resourceInstance() + ")[" + env.callerPid() + "]";
        }
        return tag;
    }

    /** OCF_TRACE_RA=1 asks for a trace; OCF_TRACE_FILE or trace_dir say where, as in ocf-shellfuncs. */
    private static Path traceFileFrom(OcfEnvironment env, String agentName) {
        boolean trace = isTrue(env.get("OCF_TRACE_RA").orElse("")) || isTrue(env.reskey("trace_ra").orElse(""));
        if (!trace) {
            return null;
        }
        String explicit = env.get("OCF_TRACE_FILE").orElse("");
        if (explicit.startsWith("/")) {
            return Path.of(explicit);
        }
        String dir = env.reskey("trace_dir").orElse("");
        if (!dir.startsWith("/")) {
            dir = "/var/lib/heartbeat/trace_ra";
        }
        String stamp = clockFor(env).now('-', '.');
        return Path.of(dir, agentName, env.resourceInstance() + "." + env.get("__OCF_ACTION").orElse("op") + "." + stamp);
    }

    private static boolean isTrue(String s) {
        return switch (s.trim().toLowerCase()) {
            case "1", "yes", "true", "on", "ja" -> true;
            default -> false;
        };
    }

    public boolean debugEnabled() { return debugEnabled; }

    public void debug(String message) { log(LogLevel.DEBUG, message); }
    public void info(String message) { log(LogLevel.INFO, message); }
    public void warn(String message) { log(LogLevel.WARNING, message); }
    public void error(String message) { log(LogLevel.ERROR, message); }

    public void log(LogLevel level, String message) {
        String line = level.label() + ": " + (message == null ? "null" : message);
        if (level == LogLevel.DEBUG) {
            if (!debugEnabled) {
                return;
            }
            appendTo(debugLog, tag() + ":\t" + now() + " " + line);
            appendTo(traceFile, now() + " " + line);
            if (debugLog == null && traceFile == null) {
                stderr.println(line);
            }
            return;
        }
        if (facility != null) {
            syslog(level, line);
        }
        if (logFile != null) {
            appendTo(logFile, now() + " " + tag() + ":    " + line);
        }
        if (facility == null && logFile == null) {
            stderr.println(line);
        }
        if (debugLog != null && !debugLog.equals(logFile)) {
            appendTo(debugLog, tag() + ":\t" + now() + " " + line);
        }
        appendTo(traceFile, now() + " " + line);
    }

    /** The exit reason line Pacemaker shows in crm_mon; also logged as an error. */
    public void exitReason(String prefix, String reason) {
        String masked = (reason == null ? "null" : reason).replace('\n', ' ');
        stderr.println(prefix + masked);
        if (facility != null) {
            syslog(LogLevel.ERROR, "ERROR: " + masked);
        }
        if (logFile != null) {
            appendTo(logFile, now() + " " + tag() + ":    ERROR: " + masked);
        }
        appendTo(traceFile, now() + " exit reason: " + masked);
    }

    private String now() {
        if (clock == null) {
            clock = clockFor(env);
        }
        return clock.now('/', '_');
    }

    private static LogClock clockFor(OcfEnvironment env) {
        return LogClock.of(env.get("TZ").orElse(""), Path.of("/etc/localtime"));
    }

    private void appendTo(Path file, String line) {
        if (file == null) {
            return;
        }
        try {
            Path parent = file.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException | SecurityException e) {
            stderr.println("WARNING: cannot append to " + file + ": " + e.getMessage());
        }
    }

    /** The message goes on logger's stdin, not its argv, so nothing of it shows in /proc. */
    private void syslog(LogLevel level, String line) {
        try {
            SYSLOG.runToExit(ProcessRequest.of(LOGGER_TIMEOUT, "logger", "-t", tag(), "-p",
                    facility + "." + level.syslogPriority()).withStdin((line + "\n").getBytes(StandardCharsets.UTF_8))
                    .withOutputLimit(0));
        } catch (ProcessNotStartedException e) {
            stderr.println(line);
        } catch (ProcessTimedOutException e) {
            // a wedged syslog must not hold up the operation; the line is lost, as logger would lose it
        }
    }
}
