// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.testkit;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The libiscsi userspace initiator (iscsi-ls, iscsi-inq, iscsi-perf) run inside a namespace. */
public final class Initiator {
    private final Netns ns;
    private final String initiatorName;

    public Initiator(Netns ns) {
        this(ns, null);
    }

    /** @param initiatorName IQN to log in with (for initiator-name ACLs), null for libiscsi's default */
    public Initiator(Netns ns, String initiatorName) {
        this.ns = ns;
        this.initiatorName = initiatorName;
    }

    public Initiator withName(String iqn) {
        return new Initiator(ns, iqn);
    }

    /** {@code iscsi-ls -s URL}: discovery plus a login to every target (lists LUNs). */
    public ExecResult ls(IscsiUrl portal, Duration timeout) {
        return run(timeout, portal, "iscsi-ls", "-s");
    }

    /** {@code iscsi-inq URL}: login to the target and INQUIRY of the LUN; exit 0 means login worked. */
    public ExecResult inq(IscsiUrl lun, Duration timeout) {
        return run(timeout, lun, "iscsi-inq");
    }

    /** True when a full login + INQUIRY succeeds within the timeout. */
    public boolean canLogin(IscsiUrl lun, Duration timeout) {
        return inq(lun, timeout).ok();
    }

    private ExecResult run(Duration timeout, IscsiUrl url, String tool, String... args) {
        List<String> cmd = new ArrayList<>();
        // `timeout -k` as a second fence: libiscsi tools may retry quietly
        cmd.add("timeout");
        cmd.add("-k");
        cmd.add("1");
        cmd.add(Long.toString(Math.max(1, timeout.toSeconds())));
        cmd.add(tool);
        if (initiatorName != null) {
            cmd.add("-i");
            cmd.add(initiatorName);
        }
        cmd.addAll(List.of(args));
        cmd.add(url.renderWithoutCredentials());
        return ns.exec(timeout.plusSeconds(3), url.chapEnvironment(), cmd.toArray(String[]::new));
    }

    /**
     * Starts {@code iscsi-perf -m 64 -b 256 -t SECONDS -x RECONNECTS URL} bounded by
     * {@code timeout -k 2 (SECONDS+10)}: iscsi-perf ignores SIGTERM and reconnects silently.
     */
    public PerfLoad startPerf(IscsiUrl lun, Duration runFor, int maxReconnects) {
        return startPerf(lun, runFor, maxReconnects, 64, 256);
    }

    /** {@code iscsi-perf -m MAX_IN_FLIGHT -b BLOCKS ...}: e.g. 1 and 8 for light I/O beside a measurement. */
    public PerfLoad startPerf(IscsiUrl lun, Duration runFor, int maxReconnects, int maxInFlight, int blocks) {
        File log = LoggedProcess.newLog("iscsi-perf-");
        List<String> cmd = new ArrayList<>(List.of("timeout", "-k", "2",
                Long.toString(runFor.toSeconds() + 10), "iscsi-perf"));
        if (initiatorName != null) {
            cmd.add("-i");
            cmd.add(initiatorName);
        }
        cmd.addAll(List.of("-m", Integer.toString(maxInFlight), "-b", Integer.toString(blocks), "-t", Long.toString(runFor.toSeconds()),
                "-x", Integer.toString(maxReconnects), lun.renderWithoutCredentials()));
        Process p = ns.start(log, lun.chapEnvironment(), cmd.toArray(String[]::new));
        return new PerfLoad(p, log);
    }

    /** A running iscsi-perf; {@link #close()} SIGKILLs it. */
    public static final class PerfLoad extends LoggedProcess {
        PerfLoad(Process process, File log) {
            super(process, log, StandardCharsets.UTF_8);
        }
    }
}
