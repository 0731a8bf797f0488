// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.portblock;

import io.tgtha.packetfilter.Executables;

import io.tgtha.testkit.Lab;
import io.tgtha.testkit.Netns;
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

/** The agent, as separate processes inside a fresh network namespace, against the real iptables and nft. */
class RealPacketFilterLabTest {
    private static final Duration T = Duration.ofSeconds(10);

    @TempDir
    Path runDir;
    Netns ns;

    @BeforeEach
    void setUp() {
        Lab.requireRoot("iptables", "ip6tables", "nft", "ss");
        Lab.cleanupLeftovers("pb");
        ns = Netns.create("pb", "fw");
    }

    @AfterEach
    void tearDown() {
        if (ns != null) {
            ns.close();
        }
    }

    private AgentProcess agent(String instance, Map<String, String> params) {
        return new AgentProcess(ns, runDir, instance, params);
    }

    private static Map<String, String> params(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void iptablesRulesAreExactIdempotentAndDeduplicated() {
        // someone else's rule, which must survive everything we do
        ns.exec(T, "iptables", "-A", "INPUT", "-p", "tcp", "--dport", "22", "-j", "ACCEPT").orThrow();
        AgentProcess block = agent("pb-both", params("protocol", "tcp", "portno", "3260,05000:5010", "action", "block",
                "ip", "10.231.2.1,fd00:231:2::1", "direction", "both"));
        assertThat(block.run("start").rc()).isZero();
        assertThat(block.run("start").rc()).isZero();
        List<String> expected4 = List.of(
                "-A INPUT -d 10.231.2.1/32 -p tcp -m multiport --dports 3260,5000:5010 -m comment --comment "
                        + "tgtha-portblock -j REJECT --reject-with tcp-reset",
                "-A OUTPUT -s 10.231.2.1/32 -p tcp -m multiport --sports 3260,5000:5010 -m comment --comment "
                        + "tgtha-portblock -j REJECT --reject-with tcp-reset");
        assertThat(LabShell.ownRules(ns, "iptables")).containsExactlyElementsOf(expected4);
        assertThat(LabShell.ownRules(ns, "ip6tables")).containsExactly(
                "-A INPUT -d fd00:231:2::1/128 -p tcp -m multiport --dports 3260,5000:5010 -m comment --comment "
                        + "tgtha-portblock -j REJECT --reject-with tcp-reset",
                "-A OUTPUT -s fd00:231:2::1/128 -p tcp -m multiport --sports 3260,5000:5010 -m comment --comment "
                        + "tgtha-portblock -j REJECT --reject-with tcp-reset");

        // a racer without the mutex added a duplicate: the next start leaves exactly one
        ns.exec(T, "iptables", "-I", "OUTPUT", "-s", "10.231.2.1/32", "-p", "tcp", "-m", "multiport", "--sports",
                "3260,5000:5010", "-m", "comment", "--comment", "tgtha-portblock", "-j", "REJECT", "--reject-with",
                "tcp-reset").orThrow();
        assertThat(LabShell.ownRules(ns, "iptables")).hasSize(3);
        assertThat(block.run("start").rc()).isZero();
        assertThat(LabShell.ownRules(ns, "iptables")).containsExactlyElementsOf(expected4);
        assertThat(block.run("monitor").rc()).isZero();

        assertThat(block.run("stop").rc()).isZero();
        assertThat(block.run("stop").rc()).isZero();
        assertThat(LabShell.ownRules(ns, "iptables")).isEmpty();
        assertThat(LabShell.ownRules(ns, "ip6tables")).isEmpty();
        assertThat(LabShell.allRules(ns, "iptables")).containsExactly("-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT");
        assertThat(block.run("monitor").rc()).isEqualTo(7);
    }

    @Test
    void udpAndDropVariantsAreDetectedExactly() {
        AgentProcess udp = agent("pb-udp", params("protocol", "udp", "portno", "53", "action", "block",
                "direction", "both", "method", "reject"));
        AgentProcess drop = agent("pb-drop", params("protocol", "tcp", "portno", "3260", "action", "block",
                "ip", "10.231.2.0/24"));
        for (int i = 0; i < 2; i++) {
            assertThat(udp.run("start").rc()).isZero();
            assertThat(drop.run("start").rc()).isZero();
        }
        assertThat(LabShell.ownRules(ns, "iptables")).containsExactlyInAnyOrder(
                "-A INPUT -p udp -m multiport --dports 53 -m comment --comment tgtha-portblock -j REJECT "
                        + "--reject-with icmp-port-unreachable",
                "-A OUTPUT -p udp -m multiport --sports 53 -m comment --comment tgtha-portblock -j REJECT "
                        + "--reject-with icmp-port-unreachable",
                "-A INPUT -d 10.231.2.0/24 -p tcp -m multiport --dports 3260 -m comment --comment tgtha-portblock -j DROP");
        assertThat(udp.run("stop").rc()).isZero();
        assertThat(drop.run("stop").rc()).isZero();
        assertThat(LabShell.ownRules(ns, "iptables")).isEmpty();
    }

    @Test
    void nftKeepsItsOwnTableAndLeavesNothingBehind() {
        AgentProcess block = agent("pb-nft", params("protocol", "tcp", "portno", "3260,5000:5010", "action", "block",
                "ip", "10.231.2.1,fd00:231:2::/64", "direction", "both", "firewall", "nft"));
        AgentProcess unblock = agent("pb-nft-un", params("protocol", "tcp", "portno", "3260,5000:5010",
                "action", "unblock", "ip", "10.231.2.1,fd00:231:2::/64", "direction", "both", "firewall", "nft"));
        assertThat(block.run("start").rc()).isZero();
        assertThat(block.run("start").rc()).isZero();
        String ruleset = LabShell.nftRuleset(ns);
        assertThat(ruleset).contains("table inet tgtha_portblock")
                .contains("ip saddr 10.231.2.1 tcp sport { 3260, 5000-5010 } reject with tcp reset")
                .contains("ip6 daddr fd00:231:2::/64 tcp dport { 3260, 5000-5010 } reject with tcp reset");
        assertThat(ruleset.lines().filter(l -> l.contains("comment \"tgtha-portblock")).count()).isEqualTo(4);
        // a duplicate with our comment: removed by the next start
        ns.exec(T, "nft", "insert", "rule", "inet", "tgtha_portblock", "input", "ip", "daddr", "10.231.2.1", "tcp",
                "dport", "{ 3260, 5000-5010 }", "reject", "with", "tcp", "reset", "comment",
                "\"tgtha-portblock input tcp 10.231.2.1/32 3260,5000:5010 reject\"").orThrow();
        assertThat(block.run("start").rc()).isZero();
        assertThat(LabShell.nftRuleset(ns).lines().filter(l -> l.contains("comment \"tgtha-portblock")).count())
                .isEqualTo(4);
        // the unblock instance lifts the same rules, and its stop puts them back
        assertThat(unblock.run("start").rc()).isZero();
        assertThat(LabShell.nftRuleset(ns)).doesNotContain("tgtha_portblock");
        assertThat(unblock.run("monitor").rc()).isZero();
        assertThat(unblock.run("stop").rc()).isZero();
        assertThat(LabShell.nftRuleset(ns).lines().filter(l -> l.contains("comment \"tgtha-portblock")).count())
                .isEqualTo(4);
        assertThat(block.run("stop").rc()).isZero();
        assertThat(LabShell.nftRuleset(ns)).doesNotContain("tgtha_portblock");
    }

    @Test
    void probeOfBlockIsNotRunningWhereOnlyTheUnblockInstanceStopped() {
        Map<String, String> p = params("protocol", "tcp", "portno", "3260", "direction", "out");
        Map<String, String> un = new HashMap<>(p);
        un.put("action", "unblock");
        Map<String, String> bl = new HashMap<>(p);
        bl.put("action", "block");
        AgentProcess unblock = agent("pb-un", un);
        assertThat(unblock.run("start").rc()).isZero();
        assertThat(unblock.run("stop").rc()).isZero();
        assertThat(LabShell.ownRules(ns, "iptables")).hasSize(1);
        assertThat(agent("pb-bl", bl).run("monitor").rc()).isEqualTo(7);
    }
    /** The legacy (x_tables) back end, chosen the way a system does it: iptables on PATH is iptables-legacy. */
    @Test
    void iptablesLegacyBackEndWorksTheSame() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Executables.find("iptables-legacy").isPresent(),
                "iptables-legacy not installed");
        Path bin = java.nio.file.Files.createDirectory(runDir.resolve("bin"));
        for (String tool : List.of("iptables", "ip6tables")) {
            Path wrapper = bin.resolve(tool);
            java.nio.file.Files.writeString(wrapper, "#!/bin/sh\nexec " + Executables.find(tool + "-legacy").get()
                    + " \"$@\"\n");
            wrapper.toFile().setExecutable(true);
        }
        AgentProcess block = agent("pb-legacy", params("protocol", "tcp", "portno", "3260", "action", "block",
                "ip", "10.231.2.1,fd00:231:2::1", "direction", "out"))
                .env("PATH", bin + ":" + System.getenv("PATH"));
        assertThat(block.run("start").rc()).isZero();
        assertThat(block.run("start").rc()).isZero();
        assertThat(LabShell.ownRules(ns, "iptables-legacy")).containsExactly(
                "-A OUTPUT -s 10.231.2.1/32 -p tcp -m multiport --sports 3260 -m comment --comment tgtha-portblock "
                        + "-j REJECT --reject-with tcp-reset");
        assertThat(LabShell.ownRules(ns, "ip6tables-legacy")).hasSize(1);
        assertThat(LabShell.ownRules(ns, "iptables")).as("nothing in the nf_tables back end").isEmpty();
        assertThat(block.run("stop").rc()).isZero();
        assertThat(LabShell.ownRules(ns, "iptables-legacy")).isEmpty();
        assertThat(LabShell.ownRules(ns, "ip6tables-legacy")).isEmpty();
    }
    /**
     * iptables exit 4 ("Resource temporarily unavailable"), as seen when several targets fail over at
     * once, could not be provoked in a namespace here; an iptables on PATH that answers 4 for its first
     * calls (or all of them) and otherwise is the real one stands in for it.
     */
    private Path flakyIptables(int failures) throws Exception {
        Path bin = java.nio.file.Files.createDirectories(runDir.resolve("flaky-bin"));
        Path counter = runDir.resolve("iptables-calls");
        Path wrapper = bin.resolve("iptables");
        java.nio.file.Files.writeString(wrapper, "#!/bin/sh\n"
                + "n=$(cat " + counter + " 2>/dev/null || echo 0); echo $((n+1)) > " + counter + "\n"
                + "if [ $n -lt " + failures + " ]; then echo 'iptables: Resource temporarily unavailable.' >&2; exit 4; fi\n"
                + "exec " + Executables.find("iptables").get() + " \"$@\"\n");
        wrapper.toFile().setExecutable(true);
        return bin;
    }

    @Test
    void exitCode4IsRetriedUntilItClears() throws Exception {
        Path bin = flakyIptables(3);
        AgentProcess.Result r = agent("pb-flaky", params("protocol", "tcp", "portno", "3260", "action", "block",
                "direction", "out", "ip", "10.231.2.1")).env("PATH", bin + ":" + System.getenv("PATH")).run("start");
        assertThat(r.rc()).as(r.toString()).isZero();
        assertThat(LabShell.ownRules(ns, "iptables")).hasSize(1);
        assertThat(Integer.parseInt(java.nio.file.Files.readString(runDir.resolve("iptables-calls")).strip()))
                .isGreaterThan(3);
    }

    @Test
    void persistentExitCode4EndsAsRc1BeforeTheTimeoutNeverRc4() throws Exception {
        Path bin = flakyIptables(Integer.MAX_VALUE);
        AgentProcess.Result r = agent("pb-flaky", params("protocol", "tcp", "portno", "3260", "action", "block"))
                .env("PATH", bin + ":" + System.getenv("PATH")).env("OCF_RESKEY_CRM_meta_timeout", "3000")
                .run("start");
        assertThat(r.rc()).as(r.toString()).isEqualTo(1);
        assertThat(r.reason()).contains("still busy").contains("Resource temporarily unavailable");
        // Not a measurement: the agent's own deadline is 2.5 s (runtime margin 500 ms); 9 s (3x the timeout, as
        // load slows the cold JVM's start and exit) tells it apart from the 20 s default it would retry
        // until had it ignored OCF_RESKEY_CRM_meta_timeout
        assertThat(r.elapsed()).as("gave up by the 3 s timeout, not the 20 s default").isLessThan(Duration.ofSeconds(9));
    }
}
