// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.portblock;

import io.tgtha.testkit.ExecResult;
import io.tgtha.testkit.Lab;
import io.tgtha.testkit.Netns;
import io.tgtha.testkit.OcfAgentScript;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * resource-agents' ocf-tester against the agent, inside a namespace (its start/stop change the packet
 * filter).
 */
class OcfTesterLabTest {
    Netns ns;
    OcfAgentScript agent;

    @BeforeEach
    void setUp() {
        Lab.requireRoot("ocf-tester", "iptables", "nft", "ss");
        Lab.cleanupLeftovers("pb");
        ns = Netns.create("pb", "oct");
        agent = OcfAgentScript.create("pb", "portblock", PortblockAgent.class.getName(),
                Map.of("TGTHA_RUN_DIR", "/tmp/" + ns.name() + "-run"));
    }

    @AfterEach
    void tearDown() {
        if (ns != null) {
            ns.close();
        }
        if (agent != null) {
            agent.close();
        }
    }

    @ParameterizedTest
    @CsvSource({"block,out,iptables", "unblock,in,iptables", "block,both,nft"})
    void ocfTesterPasses(String action, String direction, String firewall) {
        ExecResult r = ns.exec(Duration.ofSeconds(180), agent.ocfTesterCommand("pb-" + action, "protocol=tcp",
                "portno=3260", "action=" + action, "ip=10.231.2.1", "direction=" + direction,
                "firewall=" + firewall));
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).contains("passed all tests");
    }
}
