// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.iscsitarget;

import io.tgtha.testkit.Initiator;
import io.tgtha.testkit.Lab;
import io.tgtha.testkit.ExecResult;
import io.tgtha.testkit.Netns;
import io.tgtha.testkit.TgtadmTargets;
import io.tgtha.testkit.TgtdProcess;
import io.tgtha.testkit.VethLink;
import io.tgtha.tgt.TgtClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The target/LUN agents' lab: a target namespace running tgtd and an initiator namespace, named
 * {@code ag-PID-RAND-<t|l>tgt} / {@code -<t|l>ini} (prefix "ag" is shared with the account agent's tests,
 * so our roles carry a t or l), on 10.231.3.0/24 with tgtd control ports 3001-3049.
 */
public final class AgentLab implements AutoCloseable {
    public static final String PREFIX = "ag";
    public static final String SUBNET = "10.231.3";
    public static final int PORT_FROM = 3001;
    public static final int PORT_TO = 3049;
    public static final Duration T = Duration.ofSeconds(20);

    private final Netns targetNs;
    private final Netns initiatorNs;
    private final VethLink link;
    private final TgtdProcess tgtd;
    private final Path dir;

    private AgentLab(Netns targetNs, Netns initiatorNs, VethLink link, TgtdProcess tgtd, Path dir) {
        this.targetNs = targetNs;
        this.initiatorNs = initiatorNs;
        this.link = link;
        this.tgtd = tgtd;
        this.dir = dir;
    }

    /** Skips (-Dtgtha.skipLab=true) or fails loudly when the lab cannot run. */
    public static void require() {
        Lab.requireRoot("tgtd", "tgtadm", "iscsi-inq", "iscsi-ls", "iscsi-perf", "timeout");
    }

    /** @param role "t" for target-agent tests, "l" for LUN-agent tests */
    public static AgentLab start(String role) {
        Lab.cleanupLeftovers(PREFIX);
        String stem = Lab.uniqueStem(PREFIX);
        Netns tgt = Netns.createNamed(stem + "-" + role + "tgt");
        Netns ini = null;
        try {
            ini = Netns.createNamed(stem + "-" + role + "ini");
            VethLink link = VethLink.connect24(tgt, ini, SUBNET, 1, 2);
            TgtdProcess tgtd = TgtdProcess.start(tgt, link.ipA(), PORT_FROM, PORT_TO);
            Path dir = Files.createTempDirectory("ag-" + role + "-");
            return new AgentLab(tgt, ini, link, tgtd, dir);
        } catch (RuntimeException | IOException e) {
            if (ini != null) {
                ini.close();
            }
            tgt.close();
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    public TgtdProcess tgtd() {
        return tgtd;
    }

    public int port() {
        return tgtd.controlPort();
    }

    public String targetIp() {
        return link.ipA();
    }

    public String initiatorIp() {
        return link.ipB();
    }

    public Netns initiatorNs() {
        return initiatorNs;
    }

    public Initiator initiator() {
        return new Initiator(initiatorNs);
    }

    /**
     * Waits (bounded) until the initiator's connections to the portal have carried {@code bytes} more than
     * when called: SCSI commands are in flight, seen by the kernel's byte counters rather than assumed after
     * a sleep.
     */
    public void awaitTraffic(long bytes, Duration within) throws InterruptedException {
        long start = portalBytes();
        long end = System.nanoTime() + within.toNanos();
        while (portalBytes() - start < bytes) {
            if (System.nanoTime() > end) {
                throw new AssertionError("less than " + bytes + " bytes to and from the portal within " + within);
            }
            Thread.sleep(20);
        }
    }

    private static final java.util.regex.Pattern SS_BYTES =
            java.util.regex.Pattern.compile("\\bbytes_(?:acked|received):(\\d+)");

    /** Bytes acknowledged plus received over the initiator's live connections to the portal. */
    private long portalBytes() {
        ExecResult r = initiatorNs.exec(Duration.ofSeconds(10), "ss", "-tniH", "state", "established",
                "dst", targetIp() + ":3260").orThrow();
        long sum = 0;
        java.util.regex.Matcher m = SS_BYTES.matcher(r.stdout());
        while (m.find()) {
            sum += Long.parseLong(m.group(1));
        }
        return sum;
    }

    /** A client for this lab's tgtd, for set-up and assertions (not the agents' own). */
    public TgtClient client() {
        return TgtClient.forControlPort(port(), Duration.ofSeconds(10));
    }

    /** The agents' way to a tgtd (as {@code RealTgtConnector}), but through {@code socket}, e.g. a counting relay. */
    public static io.tgtha.agent.tgt.TgtConnector connectorVia(Path socket) {
        return connectorVia(socket, null);
    }

    /** As {@link #connectorVia(Path)}, the clients sharing shows through {@code sharing} as the agent host's do. */
    public static io.tgtha.agent.tgt.TgtConnector connectorVia(Path socket, io.tgtha.tgt.ShowSharing sharing) {
        return new io.tgtha.agent.tgt.TgtConnector() {
            @Override
            public void checkInstalled() {
            }

            @Override
            public TgtClient connect(int controlPort) {
                return TgtClient.builder().controlPort(controlPort).socketPath(socket).timeout(Duration.ofSeconds(5))
                        .shareShows(sharing).build();
            }
        };
    }

    /** A sparse backing file of {@code mb} MiB in the lab's temp directory. */
    public Path backingFile(String name, int mb) {
        return TgtadmTargets.sparseFile(dir.resolve(name), (long) mb << 20);
    }

    /** Where {@link #backingFile} put the file called {@code name}. */
    public Path backingFilePath(String name) {
        return dir.resolve(name);
    }

    /** A real agent (public constructor) aimed at this lab's tgtd. */
    public AgentCall target(String iqn) {
        return new AgentCall(new TargetAgent()).param("iqn", iqn).param("tgt_control_port", Integer.toString(port()))
                .timeoutMs(20_000);
    }

    public AgentCall lun(String resource, String iqn, int lun, Path path) {
        return new AgentCall(new io.tgtha.agent.lun.LunAgent()).env("OCF_RESOURCE_INSTANCE", resource)
                .param("target_iqn", iqn).param("lun", Integer.toString(lun)).param("path", path.toString())
                .param("tgt_control_port", Integer.toString(port())).timeoutMs(20_000);
    }

    @Override
    public void close() {
        try {
            tgtd.close();
        } finally {
            try {
                initiatorNs.close();
            } finally {
                targetNs.close();
                try (var files = Files.list(dir)) {
                    for (Path p : files.toList()) {
                        Files.deleteIfExists(p);
                    }
                    Files.deleteIfExists(dir);
                } catch (IOException ignored) {
                    // temp files only
                }
            }
        }
    }
}
