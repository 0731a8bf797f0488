// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.portblock;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Every bad input ends validate-all (and start) with the right rc and one line of reason, never a stack trace. */
class ParameterValidationTest {
    @TempDir
    Path tmp;
    AgentHarness agent;

    @BeforeEach
    void setUp() {
        agent = new AgentHarness(tmp);
    }

    private static Map<String, String> good() {
        Map<String, String> p = new HashMap<>();
        p.put("protocol", "tcp");
        p.put("portno", "3260");
        p.put("action", "block");
        return p;
    }

    @Test
    void goodConfigurationValidates() {
        assertThat(agent.run("validate-all", good()).rc()).isZero();
    }

    @ParameterizedTest(name = "{0}={1} -> rc {2}")
    @CsvSource(delimiter = '|', value = {
            "protocol|sctp|6|must be tcp or udp",
            "protocol|TCP|6|must be tcp or udp",
            "portno|0|6|outside 1-65535",
            "portno|3260,,3261|6|empty item",
            "portno|80:70|6|ends before it starts",
            "portno|http|6|is not a port",
            "portno|1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16|6|more than 15 ports",
            "action|allow|6|must be block or unblock",
            "ip|10.0.0.300|6|is not an IPv4 address",
            "ip|my-host.example|6|is not an IPv4 or IPv6 address",
            "ip|10.0.0.0/40|6|prefix length above 32",
            "ip|fd00:::1|6|is not an IPv6 address",
            "direction|sideways|6|must be in, out or both",
            "method|tarpit|6|must be reject or drop",
            "firewall|pf|6|must be auto, iptables or nft",
            "reset_local_on_unblock_stop|perhaps|6|must be a boolean",
            "tickle_dir|relative/dir|6|must be an absolute path",
            "tickle_dir|/srv/../etc|6|must not contain '..'"})
    void badValue(String name, String value, int rc, String reason) {
        Map<String, String> p = good();
        p.put(name, value);
        AgentHarness.Outcome o = agent.run("validate-all", p);
        assertThat(o.rc()).isEqualTo(rc);
        assertThat(o.reason()).contains(reason);
        assertThat(o.stderr()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(agent.run("start", p).rc()).as("start refuses it too").isEqualTo(rc);
    }

    @ParameterizedTest
    @CsvSource({"protocol", "portno", "action"})
    void requiredParameters(String name) {
        Map<String, String> p = good();
        p.remove(name);
        AgentHarness.Outcome o = agent.run("validate-all", p);
        assertThat(o.rc()).isEqualTo(6);
        assertThat(o.reason()).contains("'" + name + "'").contains("not set");
    }

    @Test
    void tickleDirMustBeAbsolute() {
        Map<String, String> p = good();
        p.put("action", "unblock");
        p.put("tickle_dir", "relative/dir");
        AgentHarness.Outcome o = agent.run("validate-all", p);
        assertThat(o.rc()).isEqualTo(6);
        assertThat(o.reason()).contains("absolute path");
    }

    @Test
    void missingTickleDirIsNotInstalled() {
        Map<String, String> p = good();
        p.put("action", "unblock");
        p.put("tickle_dir", tmp.resolve("nope").toString());
        AgentHarness.Outcome o = agent.run("validate-all", p);
        assertThat(o.rc()).isEqualTo(5);
        assertThat(o.reason()).contains("does not exist");
    }

    @Test
    void missingTickleDirOnlyWarnsOnStart() {
        Map<String, String> p = good();
        p.put("action", "unblock");
        p.put("tickle_dir", tmp.resolve("nope").toString());
        AgentHarness.Outcome o = agent.run("start", p);
        assertThat(o.rc()).isZero();
        assertThat(o.stderr()).contains("does not exist: no tickle ACKs sent");
    }

    /**
     * Configurations written for the stock agent often give both instances the same options; the stock
     * agent only objects in validate-all, and an option without effect must not fail a failover.
     */
    @Test
    void unblockOnlyOptionsOnTheBlockInstanceAreIgnoredWithAWarning() {
        Map<String, String> p = good();
        p.put("direction", "out");
        p.put("method", "reject");
        p.put("reset_local_on_unblock_stop", "true");
        p.put("tickle_dir", tmp.resolve("not-even-there").toString());
        AgentHarness.Outcome v = agent.run("validate-all", p);
        assertThat(v.rc()).isZero();
        assertThat(v.stderr()).contains("tickle_dir is only used with action=unblock; ignored")
                .contains("reset_local_on_unblock_stop is only relevant with action=unblock; ignored");
        assertThat(agent.run("start", p).rc()).isZero();
        assertThat(agent.run("monitor", p).rc()).isZero();
        assertThat(agent.run("stop", p).rc()).isZero();
    }

    @Test
    void syncScriptWithoutTickleDirIsIgnoredWithAWarning() {
        Map<String, String> p = good();
        p.put("action", "unblock");
        p.put("sync_script", "csync2 -xv");
        AgentHarness.Outcome o = agent.run("validate-all", p);
        assertThat(o.rc()).isZero();
        assertThat(o.stderr()).contains("sync_script is only used together with tickle_dir");
    }

    @Test
    void missingSyncScriptIsNotInstalled() throws Exception {
        Map<String, String> p = good();
        p.put("action", "unblock");
        p.put("tickle_dir", java.nio.file.Files.createDirectory(tmp.resolve("t")).toString());
        p.put("sync_script", "rsync-wrapper --flag");
        AgentHarness.Outcome o = agent.run("validate-all", p);
        assertThat(o.rc()).isEqualTo(5);
        assertThat(o.reason()).contains("sync_script: rsync-wrapper is not installed");
    }

    @Test
    void missingIptablesIsNotInstalled() {
        agent.installed = Set.of("nft", "ss");
        Map<String, String> p = good();
        p.put("firewall", "iptables");
        AgentHarness.Outcome o = agent.run("validate-all", p);
        assertThat(o.rc()).isEqualTo(5);
        assertThat(o.reason()).isEqualTo("firewall=iptables but iptables is not installed");
    }

    @Test
    void missingIp6tablesOnlyMattersForIpv6() {
        agent.installed = Set.of("iptables", "ss");
        Map<String, String> p = good();
        p.put("firewall", "iptables");
        assertThat(agent.run("validate-all", p).rc()).isZero();
        p.put("ip", "fd00::1");
        AgentHarness.Outcome o = agent.run("validate-all", p);
        assertThat(o.rc()).isEqualTo(5);
        assertThat(o.reason()).contains("ip6tables is not installed");
    }

    /** Issue 13: target portals need IPv6 in brackets, so the same value must work for portblock's ip. */
    @Test
    void bracketedIpv6AsTargetPortalsWriteItBlocksTheSameAddressAsTheBareForm() {
        agent.installed = Set.of("iptables", "ip6tables", "ss");
        Map<String, String> p = good();
        p.put("ip", "[fd00::1]");
        p.put("firewall", "iptables");
        assertThat(agent.run("validate-all", p).rc()).isZero();
        assertThat(agent.run("start", p).rc()).isZero();
        assertThat(agent.firewall.rules("ip6tables", "INPUT")).singleElement().asString().contains("-d fd00::1/128");
    }

    @Test
    void autoFallsBackToNftAndFailsWhenNeitherIsThere() {
        agent.installed = Set.of("ss");
        AgentHarness.Outcome o = agent.run("validate-all", good());
        assertThat(o.rc()).isEqualTo(5);
        assertThat(o.reason()).contains("iptables is not installed");
    }

    @Test
    void missingToolOnProbeIsNotRunningAndOnStopSuccess() {
        agent.installed = Set.of();
        assertThat(agent.run("monitor", good()).rc()).isEqualTo(7);
        assertThat(agent.run("stop", good()).rc()).isZero();
    }

    @Test
    void missingNftWhenAskedFor() {
        agent.installed = Set.of("iptables", "ss");
        Map<String, String> p = good();
        p.put("firewall", "nft");
        AgentHarness.Outcome o = agent.run("validate-all", p);
        assertThat(o.rc()).isEqualTo(5);
        assertThat(o.reason()).isEqualTo("firewall=nft but nft is not installed");
    }

    @Test
    void missingSsWhenResetsAreNeeded() {
        agent.installed = Set.of("iptables");
        Map<String, String> p = good();
        p.put("direction", "out");
        AgentHarness.Outcome o = agent.run("validate-all", p);
        assertThat(o.rc()).isEqualTo(5);
        assertThat(o.reason()).contains("ss (iproute2) is not installed");
    }

    @Test
    void garbageWithControlCharactersStaysOneLine() {
        Map<String, String> p = good();
        p.put("portno", "32\n60");
        AgentHarness.Outcome o = agent.run("validate-all", p);
        assertThat(o.rc()).isEqualTo(6);
        assertThat(o.stderr().lines().filter(l -> l.startsWith("ocf-exit-reason:")).count()).isEqualTo(1);
    }
}
