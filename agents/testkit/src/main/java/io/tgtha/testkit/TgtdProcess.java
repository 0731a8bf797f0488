// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real tgtd running in the foreground inside a namespace, with its own control port and portal.
 * {@link #close()} asks it to exit ({@code --op delete --mode system}) and SIGKILLs it if it does not
 * (tgtd ignores SIGTERM, and refuses the delete while targets exist).
 */
public final class TgtdProcess implements AutoCloseable {
    private static final Duration TGTADM_TIMEOUT = Duration.ofSeconds(10);

    private final Netns ns;
    private final int controlPort;
    private final String portalIp;
    private final Process process;
    private final File log;
    private final ControlPortLease lease;

    private TgtdProcess(Netns ns, int controlPort, String portalIp, Process process, File log, ControlPortLease lease) {
        this.ns = ns;
        this.controlPort = controlPort;
        this.portalIp = portalIp;
        this.process = process;
        this.log = log;
        this.lease = lease;
    }

    /** Starts tgtd on a free control port out of [portFrom, portTo], portal {@code portalIp:3260}. */
    public static TgtdProcess start(Netns ns, String portalIp, int portFrom, int portTo) {
        ControlPortLease lease = ControlPortLease.acquire(portFrom, portTo);
        try {
            return start(ns, portalIp, lease.port(), lease);
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    private static TgtdProcess start(Netns ns, String portalIp, int controlPort, ControlPortLease lease) {
        File log;
        try {
            log = File.createTempFile("tgtd-" + ns.name() + "-", ".log");
            log.deleteOnExit();
        } catch (IOException e) {
            throw new LabException("cannot create tgtd log file", e);
        }
        Process p = ns.start(log, "tgtd", "-f", "--control-port", Integer.toString(controlPort),
                "--iscsi", "portal=" + portalIp + ":3260");
        TgtdProcess tgtd = new TgtdProcess(ns, controlPort, portalIp, p, log, lease);
        try {
            tgtd.awaitReady(Duration.ofSeconds(15));
        } catch (RuntimeException e) {
            tgtd.close();
            throw e;
        }
        return tgtd;
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ExecResult last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new LabException("tgtd exited with " + process.exitValue() + " during start-up:\n" + logText());
            }
            last = tgtadm("--op", "show", "--mode", "system");
            if (last.ok()) {
                return;
            }
            sleep(50);
        }
        throw new LabException("tgtd on control port " + controlPort + " did not answer within " + timeout
                + (last == null ? "" : ": " + last.describe()) + "\n" + logText());
    }

    /** Runs {@code tgtadm -C PORT args...} (from the host namespace: the socket is a filesystem path). */
    public ExecResult tgtadm(String... args) {
        List<String> cmd = new ArrayList<>(List.of("tgtadm", "-C", Integer.toString(controlPort)));
        cmd.addAll(List.of(args));
        return Exec.run(TGTADM_TIMEOUT, cmd);
    }

    public int controlPort() {
        return controlPort;
    }

    public long pid() {
        return process.pid();
    }

    public String portalIp() {
        return portalIp;
    }

    public Netns namespace() {
        return ns;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for tgtd to exit (e.g. after a crash); true when it is gone. */
    public boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Exit status once exited (e.g. 139 = SIGSEGV), or -1 while running. */
    public int exitStatus() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** tgtd's own stderr/stdout so far. */
    public String logText() {
        try {
            return Files.readString(log.toPath(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no tgtd log: " + e.getMessage() + ")";
        }
    }

    /** SIGKILL now, e.g. to simulate a crash. */
    public void kill() {
        Exec.killTree(process.toHandle());
    }

    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                // bounded: tgtadm polls until the socket refuses connections
                // refused (TGTADM_INVALID_REQUEST) while targets exist: then go straight to SIGKILL
                ExecResult delete = tgtadm("--op", "delete", "--mode", "system");
                if (!delete.ok() || !awaitExit(Duration.ofSeconds(3))) {
                    kill();
                }
            }
        } finally {
            if (process.isAlive()) {
                kill();
            }
            lease.close();
            log.delete();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted");
        }
    }
}
