// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.portblock;

import io.tgtha.testkit.ExecResult;
import io.tgtha.testkit.Lab;
import io.tgtha.testkit.Netns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Pins why this agent exists, side by side: resource-agents 4.12's portblock greps {@code iptables -n -L}
 * for "DROP tcp", but iptables 1.8.9 prints the protocol as "6", so the stock agent never sees its own
 * rule: block start twice adds a duplicate, and unblock start (or block stop) leaves the port blocked.
 * The same sequence with ours leaves exactly the rules the semantics call for.
 */
class StockPortblockNeverSeesItsOwnRulesTest {
    private static final Path STOCK = Path.of("/usr/lib/ocf/resource.d/heartbeat/portblock");

    @TempDir
    Path tmp;
    Netns ns;

    @BeforeEach
    void setUp() {
        Lab.requireRoot("iptables", "ss");
        assumeTrue(Files.isExecutable(STOCK), "stock portblock (resource-agents) not installed");
        Lab.cleanupLeftovers("pb");
        ns = Netns.create("pb", "stk");
    }

    @AfterEach
    void tearDown() {
        if (ns != null) {
            ns.close();
        }
    }

    private int stock(String instance, String blockOrUnblock, String action) {
        List<String> cmd = new ArrayList<>(List.of("env", "OCF_ROOT=/usr/lib/ocf", "HA_RSCTMP=" + tmp,
                "OCF_RESOURCE_INSTANCE=" + instance, "OCF_RESKEY_protocol=tcp", "OCF_RESKEY_portno=3260",
                "OCF_RESKEY_action=" + blockOrUnblock, "OCF_RESKEY_ip=10.231.2.1", STOCK.toString(), action));
        ExecResult r = ns.exec(Duration.ofSeconds(30), cmd.toArray(String[]::new));
        return r.exitCode();
    }

    private long port3260Rules() {
        return LabShell.allRules(ns, "iptables").stream().filter(l -> l.contains("3260")).count();
    }

    @Test
    void stockDuplicatesAndNeverUnblocksOursDoes() {
        assertThat(stock("stock-block", "block", "start")).isZero();
        assertThat(stock("stock-block", "block", "start")).isZero();
        long afterTwoStarts = port3260Rules();
        assertThat(stock("stock-unblock", "unblock", "start")).isZero();
        long afterUnblock = port3260Rules();
        System.out.printf("stock portblock: %d rule(s) after two block starts, %d after unblock start%n",
                afterTwoStarts, afterUnblock);
        assertThat(afterTwoStarts).as("stock adds a duplicate").isEqualTo(2);
        assertThat(afterUnblock).as("stock unblock lifts nothing").isEqualTo(2);

        ns.exec(Duration.ofSeconds(10), "iptables", "-w", "5", "-F", "INPUT").orThrow();
        Map<String, String> block = Map.of("protocol", "tcp", "portno", "3260", "action", "block", "ip", "10.231.2.1");
        Map<String, String> unblock = Map.of("protocol", "tcp", "portno", "3260", "action", "unblock",
                "ip", "10.231.2.1");
        AgentProcess ours = new AgentProcess(ns, tmp, "pb-block", block);
        assertThat(ours.run("start").rc()).isZero();
        assertThat(ours.run("start").rc()).isZero();
        assertThat(port3260Rules()).isEqualTo(1);
        assertThat(new AgentProcess(ns, tmp, "pb-unblock", unblock).run("start").rc()).isZero();
        assertThat(port3260Rules()).isZero();
    }
}
