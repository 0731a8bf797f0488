// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.migrate;

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
import java.util.List;
import java.util.Map;

import static io.tgtha.cli.migrate.MigrationFixtures.fixture;
import static io.tgtha.cli.migrate.MigrationFixtures.tgtha;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Step 5 of the printed procedure against the rules the real stock portblock (resource-agents 4.12) puts in, in a
 * network namespace of its own: the block instances of stock-cluster.xml are started twice with their own
 * parameters (the Debian 12 stock agent never finds its rule and adds a duplicate), then step 5 runs as printed.
 * Afterwards the namespace has no rule left.
 */
class StockPortblockLeftoversLabTest {
    private static final Path STOCK = Path.of("/usr/lib/ocf/resource.d/heartbeat/portblock");

    @TempDir
    Path rsctmp;
    Netns ns;

    @BeforeEach
    void setUp() {
        Lab.requireRoot("iptables");
        assumeTrue(Files.isExecutable(STOCK), "stock portblock (resource-agents) not installed");
        Lab.cleanupLeftovers("mg");
        ns = Netns.create("mg", "stk");
    }

    @AfterEach
    void tearDown() {
        if (ns != null) {
            ns.close();
        }
    }

    @Test
    void stepFiveRemovesEveryRuleTheStockBlockInstancesPutIn() {
        CibConfiguration cib = CibConfiguration.parse(MigrationFixtures.read("stock-cluster.xml"));
        for (String id : List.of("t1-block", "t2-block", "nfs-block")) {
            CibPrimitive block = cib.primitive(id).orElseThrow();
            stockStart(block);
            stockStart(block);
        }
        List<String> before = rules();
        assertThat(before).as("the stock agent's rules, duplicates included")
                .filteredOn(r -> r.contains("10.0.0.21/32") && r.contains("-j DROP")).hasSize(2);
        assertThat(before).filteredOn(r -> r.contains("10.0.0.22/32")).hasSize(4); // INPUT and OUTPUT, twice
        assertThat(before).filteredOn(r -> r.contains("--dports 2049")).hasSize(2);

        var run = tgtha(null, "migrate", "--cib", fixture("stock-cluster.xml").toString());
        String step5 = run.step("5. Every node");
        ExecResult removal = ns.exec(Duration.ofSeconds(60), "bash", "-euo", "pipefail", "-c", step5);
        assertThat(removal.exitCode()).as(removal.describe()).isZero();
        assertThat(rules()).as("left after step 5").isEmpty();
    }

    private void stockStart(CibPrimitive block) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("OCF_ROOT", "/usr/lib/ocf",
                "HA_RSCTMP", rsctmp.toString(), "OCF_RESOURCE_INSTANCE", block.id()));
        block.params().forEach((k, v) -> env.put("OCF_RESKEY_" + k, v));
        ExecResult r = ns.exec(Duration.ofSeconds(30), env, STOCK.toString(), "start");
        assertThat(r.exitCode()).as(r.describe()).isZero();
    }

    /** Every rule of the filter table's INPUT and OUTPUT chains, as iptables -S prints them (policies left out). */
    private List<String> rules() {
        ExecResult s = ns.exec(Duration.ofSeconds(10), "iptables", "-w", "-S").orThrow();
        return s.stdout().lines().filter(l -> l.startsWith("-A ")).toList();
    }
}
