// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.portblock;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** start/stop/monitor of block and unblock instances against a fake iptables. */
class PortblockSemanticsTest {
    private static final String OUT_RULE = "-s 10.231.2.1/32 -p tcp -m multiport --sports 3260 -m comment "
            + "--comment tgtha-portblock -j REJECT --reject-with tcp-reset";
    private static final String IN_RULE = "-d 10.231.2.1/32 -p tcp -m multiport --dports 3260 -m comment "
            + "--comment tgtha-portblock -j DROP";

    @TempDir
    Path tmp;
    AgentHarness agent;

    @BeforeEach
    void setUp() {
        agent = new AgentHarness(tmp);
    }

    private static Map<String, String> params(String action, String direction) {
        Map<String, String> p = new HashMap<>();
        p.put("protocol", "tcp");
        p.put("portno", "3260");
        p.put("action", action);
        p.put("ip", "10.231.2.1");
        p.put("direction", direction);
        return p;
    }

    private List<String> output() {
        return agent.firewall.rules("iptables", "OUTPUT");
    }

    private List<String> input() {
        return agent.firewall.rules("iptables", "INPUT");
    }

    @Test
    void blockStartInsertsOnceAndStopRemoves() {
        Map<String, String> p = params("block", "out");
        assertThat(agent.run("start", p).rc()).isZero();
        assertThat(agent.run("start", p).rc()).isZero();
        assertThat(output()).containsExactly(OUT_RULE);
        assertThat(agent.run("monitor", p).rc()).isZero();
        assertThat(agent.run("stop", p).rc()).isZero();
        assertThat(agent.run("stop", p).rc()).isZero();
        assertThat(output()).isEmpty();
        assertThat(agent.run("monitor", p).rc()).isEqualTo(7);
    }

    @Test
    void blockStartDestroysExistingSocketsWhenItResetsOwnOutput() {
        assertThat(agent.run("start", params("block", "out")).rc()).isZero();
        assertThat(agent.firewall.calls).anySatisfy(c -> assertThat(c).contains("-K")
                .contains("( sport = :3260 ) and ( src 10.231.2.1 )"));
    }

    @Test
    void blockWithDirectionInDropsAndDoesNotTouchSockets() {
        assertThat(agent.run("start", params("block", "in")).rc()).isZero();
        assertThat(input()).containsExactly(IN_RULE);
        assertThat(agent.firewall.calls).noneSatisfy(c -> assertThat(c).contains("-K"));
    }

    @Test
    void duplicatesLeftByOthersAreRemoved() {
        output().add(OUT_RULE);
        output().add(OUT_RULE);
        output().add("-p udp -j ACCEPT");
        assertThat(agent.run("start", params("block", "out")).rc()).isZero();
        assertThat(output()).containsExactly(OUT_RULE, "-p udp -j ACCEPT");
        output().add(0, OUT_RULE);
        assertThat(agent.run("stop", params("block", "out")).rc()).isZero();
        assertThat(output()).containsExactly("-p udp -j ACCEPT");
    }

    @Test
    void probeOfBlockOnANodeWhereItNeverRanIsNotRunningEvenWithTheRulePresent() {
        // the rule may be there because the unblock instance stopped here: that is not the block instance running
        output().add(OUT_RULE);
        assertThat(agent.run("monitor", params("block", "out")).rc()).isEqualTo(7);
    }

    @Test
    void unblockLiftsOnStartAndPutsBackOnStop() {
        Map<String, String> block = params("block", "in");
        Map<String, String> unblock = params("unblock", "in");
        Map<String, String> blockEnv = Map.of("OCF_RESOURCE_INSTANCE", "pb-block");
        Map<String, String> unblockEnv = Map.of("OCF_RESOURCE_INSTANCE", "pb-unblock");
        assertThat(agent.run("start", block, blockEnv).rc()).isZero();
        assertThat(input()).containsExactly(IN_RULE);
        assertThat(agent.run("monitor", unblock, unblockEnv).rc()).as("unblock probe before start").isEqualTo(7);
        assertThat(agent.run("start", unblock, unblockEnv).rc()).isZero();
        assertThat(input()).isEmpty();
        assertThat(agent.run("monitor", block, blockEnv).rc()).as("block still considered running").isZero();
        assertThat(agent.run("monitor", unblock, unblockEnv).rc()).isZero();
        assertThat(agent.run("stop", unblock, unblockEnv).rc()).isZero();
        assertThat(input()).containsExactly(IN_RULE);
        assertThat(agent.run("monitor", unblock, unblockEnv).rc()).isEqualTo(7);
        assertThat(agent.run("stop", block, blockEnv).rc()).isZero();
        assertThat(input()).isEmpty();
    }

    @Test
    void unblockMonitorFailsWhenThePortIsBlockedAgain() {
        Map<String, String> unblock = params("unblock", "in");
        assertThat(agent.run("start", unblock).rc()).isZero();
        input().add(IN_RULE);
        AgentHarness.Outcome recurring = agent.run("monitor", unblock, Map.of("OCF_RESKEY_CRM_meta_interval", "10000"));
        assertThat(recurring.rc()).isEqualTo(1);
        assertThat(recurring.reason()).contains("port is blocked");
        assertThat(agent.run("monitor", unblock).rc()).as("probe").isEqualTo(7);
    }

    @Test
    void resetLocalOnUnblockStopAddsTemporaryResetAroundTheDrop() {
        Map<String, String> p = params("unblock", "in");
        p.put("reset_local_on_unblock_stop", "true");
        assertThat(agent.run("start", p).rc()).isZero();
        assertThat(agent.run("stop", p).rc()).isZero();
        assertThat(input()).containsExactly(IN_RULE);
        assertThat(output()).as("temporary reset rule removed again").isEmpty();
        List<String> ops = agent.firewall.calls.stream()
                .filter(c -> c.contains("-I") || c.contains("-D") || c.contains("-K"))
                .map(c -> c.contains("-K") ? "ss-K" : c.get(3) + " " + c.get(4)).toList();
        assertThat(ops).containsSubsequence("-I OUTPUT", "ss-K", "-I INPUT", "ss-K", "-D OUTPUT");
    }

    @Test
    void anOutputResetUnblockStopDestroysOnceAndKeepsItsRule() {
        // direction=out, method=reject: the block rule is the reset rule; nothing to add under it and
        // nothing can connect past it, so one round of ss -K and no second look at the rules
        Map<String, String> p = params("unblock", "out");
        p.put("reset_local_on_unblock_stop", "true");
        assertThat(agent.run("start", p).rc()).isZero();
        agent.firewall.calls.clear();
        assertThat(agent.run("stop", p).rc()).isZero();
        assertThat(output()).containsExactly(OUT_RULE);
        assertThat(input()).isEmpty();
        List<String> ops = agent.firewall.calls.stream()
                .filter(c -> c.contains("-I") || c.contains("-D") || c.contains("-K"))
                .map(c -> c.contains("-K") ? "ss-K" : c.get(3) + " " + c.get(4)).toList();
        assertThat(ops).containsExactly("-I OUTPUT", "ss-K");
    }

    @Test
    void ipv6GoesToIp6tables() {
        Map<String, String> p = params("block", "both");
        p.put("ip", "10.231.2.1,fd00::1");
        assertThat(agent.run("start", p).rc()).isZero();
        assertThat(agent.firewall.rules("ip6tables", "INPUT")).containsExactly(
                "-d fd00::1/128 -p tcp -m multiport --dports 3260 -m comment --comment tgtha-portblock "
                        + "-j REJECT --reject-with tcp-reset");
        assertThat(agent.firewall.rules("ip6tables", "OUTPUT")).hasSize(1);
        assertThat(input()).hasSize(1);
        assertThat(output()).hasSize(1);
        assertThat(agent.run("stop", p).rc()).isZero();
        assertThat(agent.firewall.chains.values()).allSatisfy(r -> assertThat(r).isEmpty());
    }

    @Test
    void exitCode4IsRetriedAndNeverSurfacesAsRc4() {
        agent.firewall.failNext(3, 4, "iptables: Resource temporarily unavailable.\n");
        assertThat(agent.run("start", params("block", "out")).rc()).isZero();
        assertThat(output()).containsExactly(OUT_RULE);

        agent.firewall.failNext(100_000, 4, "iptables: Resource temporarily unavailable.\n");
        AgentHarness.Outcome o = agent.run("stop", params("block", "out"), Map.of("OCF_RESKEY_CRM_meta_timeout", "2000"));
        assertThat(o.rc()).isEqualTo(1);
        assertThat(o.reason()).contains("still busy").contains("Resource temporarily unavailable");
    }

    @Test
    void permissionDeniedIsErrPerm() {
        agent.firewall.failNext(1, 4, "iptables v1.8.9 (nf_tables): Could not fetch rule set generation id: "
                + "Permission denied (you must be root)\n");
        AgentHarness.Outcome o = agent.run("start", params("block", "out"));
        assertThat(o.rc()).isEqualTo(4);
        assertThat(o.reason()).contains("Permission denied");
    }

    @Test
    void everyIptablesCallIsBoundedByMinusW() {
        agent.run("start", params("block", "both"));
        assertThat(agent.firewall.calls.stream().filter(c -> c.get(0).endsWith("iptables")))
                .allSatisfy(c -> assertThat(c.get(1)).isEqualTo("-w"));
    }

    @Test
    void tickleDirRecordsOnMonitorAndTicklesOnStart() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("tickle"));
        Map<String, String> p = params("unblock", "in");
        p.put("tickle_dir", dir.toString());
        agent.firewall.ssOutput = "0 0 10.231.2.1:3260 10.231.2.2:40000\n0 12 10.231.2.1:3260 10.231.2.3:40001\n";
        assertThat(agent.run("start", p).rc()).isZero();
        assertThat(agent.run("monitor", p, Map.of("OCF_RESKEY_CRM_meta_interval", "10000")).rc()).isZero();
        assertThat(Files.readString(dir.resolve("10.231.2.1")))
                .isEqualTo("10.231.2.1:3260\t10.231.2.2:40000\n10.231.2.1:3260\t10.231.2.3:40001\n");
        // another node (same tickle_dir) starts its unblock instance: tickle_tcp gets the recorded list
        AgentHarness other = new AgentHarness(Files.createDirectory(tmp.resolve("other")));
        assertThat(other.run("start", p).rc()).isZero();
        assertThat(other.firewall.calls).anySatisfy(c -> assertThat(c).containsExactly("/fake/bin/tickle_tcp", "-n", "3"));
        assertThat(other.firewall.stdins).contains(Files.readString(dir.resolve("10.231.2.1")));
    }

    @Test
    void missingTickleTcpOnlyWarns() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("tickle"));
        Files.writeString(dir.resolve("10.231.2.1"), "10.231.2.1:3260\t10.231.2.2:40000\n");
        agent.installed = java.util.Set.of("iptables", "ss");
        Map<String, String> p = params("unblock", "in");
        p.put("tickle_dir", dir.toString());
        AgentHarness.Outcome o = agent.run("start", p);
        assertThat(o.rc()).isZero();
        assertThat(o.stderr()).contains("tickle_tcp (resource-agents) is not installed");
    }

    @Test
    void stateFileLivesUnderTheRunDirAndGoesAwayOnStop() {
        Map<String, String> p = params("block", "in");
        agent.run("start", p);
        assertThat(tmp.resolve("portblock/pb-test.active")).exists();
        assertThat(tmp.resolve("locks/packet-filter.lock")).exists();
        agent.run("stop", p);
        assertThat(tmp.resolve("portblock/pb-test.active")).doesNotExist();
    }
    @Test
    void stopRemovesRulesEvenWithoutStateFile() {
        // e.g. the state under /run was lost, or a start died after the rule went in
        output().add(OUT_RULE);
        assertThat(agent.run("stop", params("block", "out")).rc()).isZero();
        assertThat(output()).isEmpty();
    }

    @Test
    void aResetRuleLeftByAnUnblockStopThatDiedIsRemovedByTheNextUnblockStart() {
        Map<String, String> p = params("unblock", "in");
        p.put("reset_local_on_unblock_stop", "true");
        input().add(IN_RULE);
        output().add(OUT_RULE); // the temporary reset rule, never removed because the agent was killed
        assertThat(agent.run("start", p).rc()).isZero();
        assertThat(input()).isEmpty();
        assertThat(output()).isEmpty();
    }
    @Test
    void aFailingSsDoesNotFailTheUnblockStopTheBlockStillGoesIn() {
        Map<String, String> p = params("unblock", "in");
        p.put("reset_local_on_unblock_stop", "true");
        assertThat(agent.run("start", p).rc()).isZero();
        agent.firewall.ssExitCode = 1;
        AgentHarness.Outcome o = agent.run("stop", p);
        assertThat(o.rc()).isZero();
        assertThat(o.stderr()).contains("blocking anyway");
        assertThat(input()).containsExactly(IN_RULE);
        assertThat(output()).as("temporary reset rule removed").isEmpty();
    }

    @Test
    void aFailingSsDoesNotFailTheBlockStart() {
        agent.firewall.ssExitCode = 1;
        AgentHarness.Outcome o = agent.run("start", params("block", "out"));
        assertThat(o.rc()).isZero();
        assertThat(o.stderr()).contains("could not destroy existing connections");
        assertThat(output()).containsExactly(OUT_RULE);
    }
}
