// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Entry points for real-daemon tests: the skip/root guard, unique names, and leftover cleanup.
 *
 * <p>Names carry the owning JVM's pid ({@code PREFIX-PID-RAND-ROLE}) so that a later run can tell a
 * leftover of a crashed JVM (pid gone) from a namespace a parallel test JVM is still using.
 */
public final class Lab {
    /** System property: when "true", real-daemon tests are skipped. */
    public static final String SKIP_PROPERTY = "tgtha.skipLab";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private Lab() {
    }

    public static boolean skipRequested() {
        return Boolean.parseBoolean(System.getProperty(SKIP_PROPERTY, "false"));
    }

    /**
     * Skips the calling test (JUnit assumption semantics) when {@code -Dtgtha.skipLab=true}; fails
     * loudly when not root or when a needed tool is missing, because by default lab tests must run.
     * Pass the executables the test needs, e.g. {@code requireRoot("tgtd", "tgtadm", "iscsi-ls")}.
     */
    public static void requireRoot(String... tools) {
        if (skipRequested()) {
            abortTest("lab tests skipped: -D" + SKIP_PROPERTY + "=true");
        }
        if (!"0".equals(currentUid())) {
            throw new LabException("lab tests need root (network namespaces, tgtd); run as root or set -D"
                    + SKIP_PROPERTY + "=true");
        }
        List<String> missing = new ArrayList<>();
        for (String tool : tools) {
            if (which(tool) == null) {
                missing.add(tool);
            }
        }
        if (which("ip") == null) {
            missing.add("ip");
        }
        if (!missing.isEmpty()) {
            throw new LabException("lab tools missing: " + missing + " (see test-cluster/bin/install-test-deps)");
        }
    }

    /** Throws JUnit's TestAbortedException (found reflectively: the testkit stays pure JDK). */
    public static void abortTest(String reason) {
        RuntimeException abort;
        try {
            abort = (RuntimeException) Class.forName("org.opentest4j.TestAbortedException")
                    .getConstructor(String.class).newInstance(reason);
        } catch (ReflectiveOperationException | ClassCastException e) {
            abort = new LabException("test aborted: " + reason);
        }
        throw abort;
    }

    /** Absolute path of an executable on PATH (plus sbin dirs), or null. */
    public static Path which(String tool) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin";
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Short random [a-z0-9] string. */
    public static String randomSuffix(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    /** {@code PREFIX-PID-RAND} : unique per JVM and call, recognisable as ours, pid marks the owner. */
    public static String uniqueStem(String prefix) {
        validatePrefix(prefix);
        return prefix + "-" + ProcessHandle.current().pid() + "-" + randomSuffix(4);
    }

    static void validatePrefix(String prefix) {
        if (!prefix.matches("[a-z][a-z0-9]{0,5}")) {
            throw new IllegalArgumentException("prefix must be 1-6 lower-case letters/digits, got '" + prefix + "'");
        }
    }

    /**
     * Deletes namespaces {@code PREFIX-PID-...} whose owning pid is dead (leftovers of crashed runs),
     * SIGKILLing whatever still runs inside them first. Namespaces of live JVMs are left alone.
     */
    public static List<String> cleanupLeftovers(String prefix) {
        validatePrefix(prefix);
        List<String> removed = new ArrayList<>();
        for (String ns : Netns.list()) {
            if (!ns.startsWith(prefix + "-")) {
                continue;
            }
            String[] parts = ns.split("-");
            long owner;
            try {
                owner = Long.parseLong(parts[1]);
            } catch (RuntimeException notOurs) {
                continue; // a name we did not make (e.g. hand-made): never touch it
            }
            if (ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) {
                continue;
            }
            Netns.killAllIn(ns);
            Exec.run(Duration.ofSeconds(10), "ip", "netns", "del", ns);
            removed.add(ns);
        }
        return removed;
    }

    static String currentUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.substring(4).trim().split("\\s+")[1].toLowerCase(Locale.ROOT);
                }
            }
        } catch (java.io.IOException ignored) {
            // fall through
        }
        return System.getProperty("user.name").equals("root") ? "0" : "?";
    }
}
