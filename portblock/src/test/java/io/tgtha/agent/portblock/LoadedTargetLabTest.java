// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.portblock;

import io.tgtha.packetfilter.ConnectionReset;
import io.tgtha.packetfilter.Executables;
import io.tgtha.packetfilter.SocketTable;
import io.tgtha.packetfilter.TcpConnection;

import io.tgtha.testkit.Initiator;
import io.tgtha.testkit.IscsiUrl;
import io.tgtha.testkit.Lab;
import io.tgtha.testkit.LabConfig;
import io.tgtha.testkit.TgtLab;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real tgtd under iscsi-perf load in a target namespace, the agent run as separate processes in it:
 * what Pacemaker does during a failover, measured on the wire.
 */
class LoadedTargetLabTest {
    private static final int PORTAL = 3260;

    @TempDir
    Path tmp;
    TgtLab lab;
    IscsiUrl lun;

    @BeforeEach
    void setUp() throws Exception {
        Lab.requireRoot("tgtd", "tgtadm", "iscsi-perf", "iscsi-inq", "iptables", "ss");
        lab = TgtLab.start(LabConfig.of("pb", "10.231.2", 2001, 2099));
        String iqn = LabShell.createTarget(lab, 1, tmp.resolve("lun1.img"), 512);
        lun = IscsiUrl.lun(lab.targetIp(), iqn, 1);
    }

    @AfterEach
    void tearDown() {
        if (lab != null) {
            lab.close();
        }
    }

    private AgentProcess agent(String instance, String action, String direction, String... extra) {
        Map<String, String> p = new HashMap<>();
        p.put("protocol", "tcp");
        p.put("portno", Integer.toString(PORTAL));
        p.put("action", action);
        p.put("ip", lab.targetIp());
        p.put("direction", direction);
        for (int i = 0; i < extra.length; i += 2) {
            p.put(extra[i], extra[i + 1]);
        }
        return new AgentProcess(lab.targetNs(), tmp, instance, p).env("OCF_RESKEY_CRM_meta_timeout", "20000");
    }

    /** Waits until iscsi-perf has a connection carrying data; returns the largest Send-Q seen meanwhile. */
    private long awaitLoad(Initiator.PerfLoad perf, Duration within) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        long maxSendQ = 0;
        int loadedSamples = 0;
        while (System.nanoTime() < end) {
            assertThat(perf.isAlive()).as("iscsi-perf died: " + perf.output()).isTrue();
            List<TcpConnection> est = LabShell.established(lab.targetNs(), PORTAL);
            long q = est.stream().mapToLong(TcpConnection::sendQ).sum();
            maxSendQ = Math.max(maxSendQ, q);
            if (!est.isEmpty() && q > 0 && ++loadedSamples >= 5) {
                return maxSendQ;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no loaded connection on the portal within " + within + "; perf: " + perf.output());
    }

    /**
     * How long after the agent returned the portal may still show a socket. The agent destroys them
     * before it returns; ss saw the portal clear 65-90 ms later here. 5 s leaves 50x that for a loaded
     * machine and still tells it from what the rules alone would do: a dropped (direction in) connection
     * lingers for minutes of retransmits, an idle one forever.
     */
    private static final Duration CLEAR_WITHIN = Duration.ofSeconds(5);

    /** Packets our rules in {@code chain} have met so far (iptables' own counters). */
    private long ownRuleHits(String chain) {
        io.tgtha.testkit.ExecResult r = lab.targetNs().exec(Duration.ofSeconds(10), "iptables", "-w", "5", "-L",
                chain, "-v", "-n", "-x").orThrow();
        return r.stdout().lines().filter(line -> line.contains("tgtha-portblock"))
                .mapToLong(line -> Long.parseLong(line.trim().split("\\s+")[0])).sum();
    }

    /**
     * Waits until the initiator's reconnects met our rules in {@code chain} {@code attempts} more times: what
     * "none of its attempts got through" needs is attempts, not a fixed wait that a loaded machine may fill with
     * none. iscsi-perf retries within a second or two; 30 s is a bound, not the expectation.
     */
    private void awaitRejectedAttempts(String chain, int attempts) throws InterruptedException {
        long before = ownRuleHits(chain);
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (ownRuleHits(chain) < before + attempts) {
            assertThat(System.nanoTime()).as("the initiator made no " + attempts + " attempts in 30 s").isLessThan(end);
            Thread.sleep(50);
        }
    }

    /** Polls until no live socket is left on the portal; returns how long that took, or null. */
    private Duration awaitNoConnection(Duration within) throws InterruptedException {
        long start = System.nanoTime();
        while (System.nanoTime() - start < within.toNanos()) {
            if (LabShell.live(lab.targetNs(), PORTAL).isEmpty()) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            Thread.sleep(20);
        }
        return null;
    }

    @Test
    void blockOutUnderLoadClosesAtOnceAndUnblockLetsTheInitiatorBackIn() throws Exception {
        try (Initiator.PerfLoad perf = lab.initiator().startPerf(lun, Duration.ofSeconds(120), 1000)) {
            long sendQBefore = awaitLoad(perf, Duration.ofSeconds(20));

            AgentProcess.Result r = agent("pb-block", "block", "out").run("start");
            assertThat(r.rc()).as(r.toString()).isZero();
            Duration closed = awaitNoConnection(CLEAR_WITHIN);
            List<TcpConnection> left = LabShell.live(lab.targetNs(), PORTAL);
            System.out.printf("block start (direction=out) under load: agent %d ms, portal clear %s after it "
                            + "returned; Send-Q before %d bytes, left %d bytes%n", r.elapsed().toMillis(),
                    closed == null ? "NOT within " + CLEAR_WITHIN : closed.toMillis() + " ms", sendQBefore,
                    left.stream().mapToLong(TcpConnection::sendQ).sum());
            assertThat(closed).as("no connection left within " + CLEAR_WITHIN + ", still: " + left).isNotNull();
            assertThat(LabShell.established(lab.targetNs(), PORTAL)).isEmpty();
            // iscsi-perf keeps reconnecting: none of its attempts may get through while blocked
            awaitRejectedAttempts("OUTPUT", 3);
            assertThat(LabShell.established(lab.targetNs(), PORTAL)).isEmpty();

            // the unblock instance starts (end of the failover): logins work again
            AgentProcess.Result u = agent("pb-unblock", "unblock", "out").run("start");
            assertThat(u.rc()).as(u.toString()).isZero();
            assertThat(LabShell.ownRules(lab.targetNs(), "iptables")).isEmpty();
            assertThat(lab.initiator().canLogin(lun, Duration.ofSeconds(15))).isTrue();
        }
    }

    @Test
    void unblockStopWithResetLocalLeavesNoConnectionEvenForDirectionIn() throws Exception {
        AgentProcess unblock = agent("pb-unblock", "unblock", "in", "reset_local_on_unblock_stop", "true");
        assertThat(unblock.run("start").rc()).isZero();
        try (Initiator.PerfLoad perf = lab.initiator().startPerf(lun, Duration.ofSeconds(120), 1000)) {
            awaitLoad(perf, Duration.ofSeconds(20));
            AgentProcess.Result r = unblock.run("stop");
            assertThat(r.rc()).as(r.toString()).isZero();
            Duration closed = awaitNoConnection(CLEAR_WITHIN);
            System.out.printf("unblock stop (direction=in, reset_local_on_unblock_stop) under load: agent %d ms, "
                    + "portal clear %s after it returned%n", r.elapsed().toMillis(),
                    closed == null ? "NOT within " + CLEAR_WITHIN : closed.toMillis() + " ms");
            assertThat(closed).as("still: " + LabShell.live(lab.targetNs(), PORTAL)).isNotNull();
            // the block is back (INPUT DROP), the temporary reset rule is gone again
            assertThat(LabShell.ownRules(lab.targetNs(), "iptables")).containsExactly(
                    "-A INPUT -d " + lab.targetIp() + "/32 -p tcp -m multiport --dports 3260 -m comment --comment "
                            + "tgtha-portblock -j DROP");
            awaitRejectedAttempts("INPUT", 3);
            assertThat(LabShell.live(lab.targetNs(), PORTAL)).isEmpty();
            assertThat(lab.initiator().canLogin(lun, Duration.ofSeconds(3))).isFalse();
        }
        // and back: unblock start lets logins through again
        assertThat(unblock.run("start").rc()).isZero();
        assertThat(lab.initiator().canLogin(lun, Duration.ofSeconds(15))).isTrue();
    }
    /**
     * An idle connection never sends, so a reset rule alone never meets it (platform facts): it stays
     * ESTABLISHED. The agent also destroys the existing sockets, so even this one is gone at once.
     */
    @Test
    void idleConnectionSurvivesTheRuleAloneButNotTheAgent() throws Exception {
        // a TCP connection to the portal that sends nothing (no login PDU): tgtd waits, idle
        Process idle = lab.initiatorNs().start(null, "bash", "-c",
                "exec 3<>/dev/tcp/" + lab.targetIp() + "/" + PORTAL + "; sleep 60");
        try {
            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (LabShell.established(lab.targetNs(), PORTAL).isEmpty() && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertThat(LabShell.established(lab.targetNs(), PORTAL)).hasSize(1);
            lab.targetNs().exec(Duration.ofSeconds(10), "iptables", "-w", "5", "-I", "OUTPUT", "-s",
                    lab.targetIp() + "/32", "-p", "tcp", "-m", "multiport", "--sports", "3260", "-m", "comment",
                    "--comment", "tgtha-portblock", "-j", "REJECT", "--reject-with", "tcp-reset").orThrow();
            // a negative: a loaded machine can only make this wait show less, never fail it
            Thread.sleep(1500);
            assertThat(LabShell.established(lab.targetNs(), PORTAL)).as("the rule alone does not close it").hasSize(1);

            AgentProcess.Result r = agent("pb-block", "block", "out").run("start");
            assertThat(r.rc()).as(r.toString()).isZero();
            assertThat(awaitNoConnection(CLEAR_WITHIN)).isNotNull();
            assertThat(LabShell.ownRules(lab.targetNs(), "iptables")).as("the rule was there: not added twice")
                    .hasSize(1);
        } finally {
            idle.destroyForcibly();
        }
    }
    private Process idleConnection() throws InterruptedException {
        Process idle = lab.initiatorNs().start(null, "bash", "-c",
                "exec 3<>/dev/tcp/" + lab.targetIp() + "/" + PORTAL + "; sleep 60");
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (LabShell.established(lab.targetNs(), PORTAL).isEmpty() && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertThat(LabShell.established(lab.targetNs(), PORTAL)).isNotEmpty();
        return idle;
    }

    private String drain(boolean keepBlocked, String firewall) {
        io.tgtha.testkit.ExecResult r = lab.targetNs().exec(Duration.ofSeconds(30),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                AgentProcess.classpath() + ":" + System.getProperty("java.class.path"), DrainMain.class.getName(),
                lab.targetIp(), Integer.toString(PORTAL), Boolean.toString(keepBlocked), firewall, tmp.toString());
        assertThat(r.exitCode()).as(r.describe()).isZero();
        return r.stdout().strip();
    }

    /** The operator's drain (ConnectionReset without an OCF context) under load, then on an idle connection. */
    @Test
    void drainEndsConnectionsAndLeavesNoRuleUnlessAskedTo() throws Exception {
        try (Initiator.PerfLoad perf = lab.initiator().startPerf(lun, Duration.ofSeconds(120), 1000)) {
            awaitLoad(perf, Duration.ofSeconds(20));
            // under load the reset rule usually ends the connection before ss -K gets to it: either way none is left
            String out = drain(true, "iptables");
            assertThat(out).matches("[0-9]+ 0 0");
            assertThat(LabShell.live(lab.targetNs(), PORTAL)).isEmpty();
            assertThat(LabShell.ownRules(lab.targetNs(), "iptables")).hasSize(1);
            // lift it again with the agent's unblock instance (same rule)
            assertThat(agent("pb-unblock", "unblock", "out").run("start").rc()).isZero();
            assertThat(LabShell.ownRules(lab.targetNs(), "iptables")).isEmpty();
        }
        Process idle = idleConnection();
        try {
            assertThat(drain(false, "nft")).isEqualTo("1 0 0");
            assertThat(LabShell.live(lab.targetNs(), PORTAL)).isEmpty();
            assertThat(LabShell.ownRules(lab.targetNs(), "iptables")).isEmpty();
            assertThat(LabShell.nftRuleset(lab.targetNs())).doesNotContain("tgtha_portblock");
        } finally {
            idle.destroyForcibly();
        }
    }
    private List<TcpConnection> initiatorSide() {
        io.tgtha.testkit.ExecResult r = lab.initiatorNs().exec(Duration.ofSeconds(10), "ss", "-H", "-t", "-n",
                "state", "established", "( dport = :" + PORTAL + " )").orThrow();
        return SocketTable.parse(r.stdout());
    }

    /**
     * tickle_dir end to end with the real tickle_tcp: the recurring monitor records the connection; the
     * target side then loses its socket without telling the peer (as when the node dies); unblock start
     * tickles the peer, whose kernel answers, gets a reset from ours and drops the dead connection at once.
     */
    @Test
    void tickleAcksMakeThePeerDropAConnectionTheTargetNoLongerHas() throws Exception {
        assumeTrue(TickleDir.findTickleTcp(java.util.Optional.empty(), Executables::find).isPresent(),
                "tickle_tcp (resource-agents) not installed");
        Path tickleDir = java.nio.file.Files.createDirectory(tmp.resolve("tickle"));
        AgentProcess unblock = agent("pb-unblock", "unblock", "out", "tickle_dir", tickleDir.toString());
        assertThat(unblock.run("start").rc()).isZero();
        Process idle = idleConnection();
        try {
            AgentProcess.Result m = unblock.env("OCF_RESKEY_CRM_meta_interval", "10000").run("monitor");
            assertThat(m.rc()).as(m.toString()).isZero();
            String recorded = java.nio.file.Files.readString(tickleDir.resolve(lab.targetIp()));
            assertThat(recorded).startsWith(lab.targetIp() + ":" + PORTAL + "\t" + lab.initiatorIp() + ":");

            // the target forgets the connection silently: its reset is dropped on the way out
            io.tgtha.testkit.Netns t = lab.targetNs();
            t.exec(Duration.ofSeconds(10), "iptables", "-w", "5", "-I", "OUTPUT", "-p", "tcp", "--sport", "3260",
                    "-j", "DROP").orThrow();
            t.exec(Duration.ofSeconds(10), "ss", "-K", "-t", "state", "established", "( sport = :3260 )").orThrow();
            t.exec(Duration.ofSeconds(10), "iptables", "-w", "5", "-D", "OUTPUT", "-p", "tcp", "--sport", "3260",
                    "-j", "DROP").orThrow();
            assertThat(LabShell.established(t, PORTAL)).isEmpty();
            // a negative, as above
            Thread.sleep(1000);
            assertThat(initiatorSide()).as("the peer still believes in it").hasSize(1);

            AgentProcess.Result r = agent("pb-unblock-2", "unblock", "out", "tickle_dir", tickleDir.toString())
                    .run("start");
            assertThat(r.rc()).as(r.toString()).isZero();
            assertThat(r.stderr()).contains("sent tickle ACKs for 1 recorded connection(s)");
            // the peer answers the tickle within a round trip (< 0.1 s here); 10 s is for a loaded machine, and
            // still far below the minutes an untickled peer keeps a dead connection
            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!initiatorSide().isEmpty() && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertThat(initiatorSide()).as("tickled peer dropped the dead connection").isEmpty();
        } finally {
            idle.destroyForcibly();
        }
    }
}
