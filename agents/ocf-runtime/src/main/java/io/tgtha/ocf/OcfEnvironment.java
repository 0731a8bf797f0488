// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What Pacemaker (or ocf-tester, crm_resource, an operator) tells the agent through its environment,
 * apart from the resource parameters, which {@link io.tgtha.ocf.param.Parameters} reads.
 */
public final class OcfEnvironment {
    public static final String RESKEY_PREFIX = "OCF_RESKEY_";
    private static final String DEFAULT_EXIT_REASON_PREFIX = "ocf-exit-reason:";

    /** Longer intervals or timeouts than a week are garbage, not configuration. */
    private static final long MAX_MILLIS = Duration.ofDays(7).toMillis();

    private final Map<String, String> env;

    public OcfEnvironment(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    public static OcfEnvironment ofSystem() {
        return new OcfEnvironment(System.getenv());
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(env.get(name));
    }

    /** The value, or null when unset or empty. */
    private String nonEmpty(String name) {
        String v = env.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    /** The names of every resource parameter passed (OCF_RESKEY_ stripped), sorted. */
    public java.util.List<String> reskeyNames() {
        return env.keySet().stream().filter(k -> k.startsWith(RESKEY_PREFIX))
                .map(k -> k.substring(RESKEY_PREFIX.length())).sorted().toList();
    }

    /** The raw value of resource parameter {@code name}; empty when unset, "" when set empty. */
    public Optional<String> reskey(String name) {
        return get(RESKEY_PREFIX + name);
    }

    /**
     * The pid of the process Pacemaker started for this operation: this JVM's, or, when the agent host runs
     * the operation, the wrapper's (TGTHA_CALLER_PID), so log tags stay those of a cold run.
     */
    public long callerPid() {
        String v = nonEmpty("TGTHA_CALLER_PID");
        if (v != null && io.tgtha.process.AsciiSet.DIGITS.matchesAll(v, 1, 10)) {
            return Long.parseLong(v);
        }
        return ProcessHandle.current().pid();
    }

    public String resourceInstance() {
        String v = nonEmpty("OCF_RESOURCE_INSTANCE");
        return v == null ? "undef" : v;
    }

    public String exitReasonPrefix() {
        String v = nonEmpty("OCF_EXIT_REASON_PREFIX");
        return v == null ? DEFAULT_EXIT_REASON_PREFIX : v;
    }

    /** The interval of a recurring monitor; zero (or unset) for a probe or a non-recurring action. */
    public Duration interval() {
        return millis("OCF_RESKEY_CRM_meta_interval").orElse(Duration.ZERO);
    }

    /**
     * A probe is a one-shot monitor Pacemaker runs to learn whether the resource is already active
     * (at start-up, after a cleanup); unset interval counts as a probe, as in ocf-shellfuncs.
     */
    public boolean isProbe(OcfAction action) {
        return (action == OcfAction.MONITOR || action == OcfAction.STATUS) && interval().isZero();
    }

    /** OCF_CHECK_LEVEL: 0 (cheap), 10 (thorough), 20 (exhaustive). Anything else reads as 0. */
    public int checkLevel() {
        String v = env.get("OCF_CHECK_LEVEL");
        return v == null ? 0 : switch (v.trim()) {
            case "10" -> 10;
            case "20" -> 20;
            default -> 0;
        };
    }

    /** The operation's timeout as Pacemaker will enforce it, when Pacemaker gave one. */
    public Optional<Duration> operationTimeout() {
        Optional<Duration> d = millis("OCF_RESKEY_CRM_meta_timeout");
        return d.isPresent() && d.get().isZero() ? Optional.empty() : d;
    }

    /** True when the caller speaks OCF 1.1 or later (Pacemaker 2.1 announces it), e.g. for reload-agent. */
    public boolean announcesOcf11() {
        int major = intOr("OCF_RA_VERSION_MAJOR", 1);
        int minor = intOr("OCF_RA_VERSION_MINOR", 0);
        return major > 1 || (major == 1 && minor >= 1);
    }

    private int intOr(String name, int fallback) {
        String v = env.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private Optional<Duration> millis(String name) {
        String v = env.get(name);
        if (v == null || v.trim().isEmpty()) {
            return Optional.empty();
        }
        try {
            long ms = Long.parseLong(v.trim());
            return ms >= 0 && ms <= MAX_MILLIS ? Optional.of(Duration.ofMillis(ms)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
