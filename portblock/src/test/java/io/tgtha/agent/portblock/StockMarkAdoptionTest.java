// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.portblock;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * tgtha migrate redefines a started ocf:heartbeat:portblock as ocf:tgtha:portblock under maintenance mode: the first
 * probe must find it started through the stock agent's mark ($HA_RSCTMP/NAME), or Pacemaker would start it and
 * restart every later member of its group. Only a probe adopts, and the first start or stop removes the stock mark,
 * so a mark from before can never be adopted again.
 */
class StockMarkAdoptionTest {
    @TempDir
    Path tmp;
    AgentHarness agent;
    Path rsctmp;
    Map<String, String> probe;
    Map<String, String> recurring;

    @BeforeEach
    void setUp() throws Exception {
        agent = new AgentHarness(tmp.resolve("run"));
        rsctmp = Files.createDirectories(tmp.resolve("resource-agents"));
        probe = Map.of("HA_RSCTMP", rsctmp.toString(), "OCF_RESKEY_CRM_meta_interval", "0");
        recurring = Map.of("HA_RSCTMP", rsctmp.toString(), "OCF_RESKEY_CRM_meta_interval", "10000");
    }

    private static Map<String, String> params(String action) {
        Map<String, String> p = new HashMap<>();
        p.put("protocol", "tcp");
        p.put("portno", "3260");
        p.put("action", action);
        p.put("ip", "10.231.2.1");
        p.put("direction", "out");
        p.put("method", "reject");
        return p;
    }

    @Test
    void aProbeFindsTheStockInstanceStartedAndKeepsItSo() throws Exception {
        Files.writeString(rsctmp.resolve("pb-test"), "");
        for (String action : new String[]{"block", "unblock"}) {
            AgentHarness.Outcome first = agent.run("monitor", params(action), probe);
            assertThat(first.rc()).as(action + ": " + first.stderr()).isZero();
            assertThat(first.stderr()).contains("adopted the stock portblock's started mark");
            assertThat(agent.run("monitor", params(action), recurring).rc()).isZero();
            Files.delete(tmp.resolve("run/portblock/pb-test.active"));
        }
        assertThat(agent.firewall.rules("iptables", "OUTPUT")).as("adopting puts in no rule").isEmpty();
    }

    @Test
    void withoutTheStockMarkTheProbeSaysNotRunning() {
        assertThat(agent.run("monitor", params("unblock"), probe).rc()).isEqualTo(7);
    }

    @Test
    void aRecurringMonitorNeverAdopts() throws Exception {
        Files.writeString(rsctmp.resolve("pb-test"), "");
        assertThat(agent.run("monitor", params("block"), recurring).rc()).isEqualTo(7);
    }

    @Test
    void startAndStopRemoveTheStockMarkSoItIsNeverAdoptedLater() throws Exception {
        Path stock = rsctmp.resolve("pb-test");
        Files.writeString(stock, "");
        assertThat(agent.run("monitor", params("block"), probe).rc()).isZero();
        assertThat(stock).as("kept for a rollback to the stock agent").exists();
        assertThat(agent.run("stop", params("block"), probe).rc()).isZero();
        assertThat(stock).doesNotExist();
        assertThat(agent.run("monitor", params("block"), probe).rc()).isEqualTo(7);

        Files.writeString(stock, "");
        assertThat(agent.run("start", params("block"), probe).rc()).isZero();
        assertThat(stock).doesNotExist();
    }
}
