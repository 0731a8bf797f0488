// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.portblock;

import io.tgtha.packetfilter.SocketTable;
import io.tgtha.packetfilter.TcpConnection;

import io.tgtha.testkit.Lab;
import io.tgtha.testkit.Netns;
import io.tgtha.testkit.VethLink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * IPv6 end to end: an idle TCP connection to a listener on an IPv6 address (python3 in the target
 * namespace; no tgtd needed) is ended by block start direction=out, with ip6tables and with nft.
 */
class Ipv6LabTest {
    private static final Duration T = Duration.ofSeconds(10);
    private static final String TARGET = "fd00:231:2::1";
    private static final String INITIATOR = "fd00:231:2::2";
    private static final int PORT = 3260;

    @TempDir
    Path runDir;
    Netns tgt;
    Netns ini;

    @BeforeEach
    void setUp() {
        Lab.requireRoot("ip6tables", "nft", "ss", "python3", "bash");
        Lab.cleanupLeftovers("pb");
        tgt = Netns.create("pb", "t6");
        ini = Netns.create("pb", "i6");
        VethLink link = VethLink.connect24(tgt, ini, "10.231.2", 1, 2);
        tgt.exec(T, "ip", "-6", "addr", "add", TARGET + "/64", "dev", link.interfaceA(), "nodad").orThrow();
        ini.exec(T, "ip", "-6", "addr", "add", INITIATOR + "/64", "dev", link.interfaceB(), "nodad").orThrow();
    }

    @AfterEach
    void tearDown() {
        if (ini != null) {
            ini.close();
        }
        if (tgt != null) {
            tgt.close();
        }
    }

    private String readLog(String name) {
        try {
            return java.nio.file.Files.readString(runDir.resolve(name));
        } catch (java.io.IOException e) {
            return "(none)";
        }
    }

    private List<TcpConnection> live() {
        return SocketTable.parse(tgt.exec(T, "ss", "-H", "-t", "-n", "-6", "state", "connected", "exclude",
                "time-wait", "( sport = :" + PORT + " )").orThrow().stdout());
    }

    @ParameterizedTest
    @ValueSource(strings = {"iptables", "nft"})
    void idleIpv6ConnectionIsEndedByBlockOut(String firewall) throws Exception {
        // a listener that accepts and then holds the connection without sending anything
        tgt.start(runDir.resolve("listener.log").toFile(), "python3", "-c", "import socket,time\n"
                + "s=socket.socket(socket.AF_INET6); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
                + "s.bind(('" + TARGET + "'," + PORT + ")); s.listen(4)\n"
                + "c=s.accept()\ntime.sleep(60)\n");
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!tgt.exec(T, "ss", "-H", "-t", "-l", "-n", "( sport = :" + PORT + " )").stdout().contains("LISTEN")
                && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        ini.start(runDir.resolve("client.log").toFile(), "bash", "-c",
                "exec 3<>/dev/tcp/" + TARGET + "/" + PORT + "; sleep 60");
        while (live().isEmpty() && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        assertThat(live()).as("idle IPv6 connection up; listener: " + readLog("listener.log") + " client: "
                + readLog("client.log") + " ss: " + tgt.exec(T, "ss", "-tan").stdout()).hasSize(1);
        assertThat(live().get(0).local()).isEqualTo("[" + TARGET + "]:" + PORT);

        AgentProcess block = new AgentProcess(tgt, runDir, "pb-v6", Map.of("protocol", "tcp", "portno",
                Integer.toString(PORT), "action", "block", "ip", TARGET, "direction", "out", "firewall", firewall));
        AgentProcess.Result r = block.run("start");
        assertThat(r.rc()).as(r.toString()).isZero();
        assertThat(live()).isEmpty();
        if (firewall.equals("iptables")) {
            assertThat(LabShell.ownRules(tgt, "ip6tables")).containsExactly("-A OUTPUT -s " + TARGET + "/128 -p tcp "
                    + "-m multiport --sports 3260 -m comment --comment tgtha-portblock -j REJECT --reject-with tcp-reset");
        } else {
            assertThat(LabShell.nftRuleset(tgt)).contains("ip6 saddr " + TARGET + " tcp sport 3260 reject with tcp reset");
        }
        // a new connection attempt does not get through while blocked
        ini.exec(T, "bash", "-c", "timeout 3 bash -c 'exec 3<>/dev/tcp/" + TARGET + "/" + PORT + "' || true");
        assertThat(SocketTable.parse(tgt.exec(T, "ss", "-H", "-t", "-n", "-6", "state", "established",
                "( sport = :" + PORT + " )").orThrow().stdout())).isEmpty();
        assertThat(block.run("stop").rc()).isZero();
        assertThat(LabShell.ownRules(tgt, "ip6tables")).isEmpty();
        assertThat(LabShell.nftRuleset(tgt)).doesNotContain("tgtha_portblock");
    }
}
