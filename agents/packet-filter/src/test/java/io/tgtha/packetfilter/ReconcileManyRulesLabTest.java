// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.packetfilter;

import io.tgtha.ocf.Deadline;
import io.tgtha.ocf.exec.Command;
import io.tgtha.ocf.exec.CommandException;
import io.tgtha.ocf.exec.CommandResult;
import io.tgtha.ocf.exec.CommandRunner;
import io.tgtha.testkit.Lab;
import io.tgtha.testkit.Netns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link PacketFilter#reconcile} against the real iptables, ip6tables and nft in a fresh namespace: a whole
 * failover wave's rules (64 portals) in and out in a fixed number of tool runs, anyone else's rules untouched,
 * duplicates removed, and a batch that cannot apply changes nothing.
 */
class ReconcileManyRulesLabTest {
    private static final Duration T = Duration.ofSeconds(10);
    private static final String FOREIGN = "-A OUTPUT -p tcp -m tcp --dport 22 -j ACCEPT";

    Netns ns;
    final List<List<String>> runs = new ArrayList<>();

    /** Counts every command, then runs it in the namespace. */
    private final class Counting implements CommandRunner {
        private final CommandRunner inside;

        Counting(String netns) {
            inside = new InNamespace(netns);
        }

        @Override
        public CommandResult run(Command command) throws CommandException {
            runs.add(command.argv());
            return inside.run(command);
        }
    }

    @BeforeEach
    void setUp() {
        Lab.requireRoot("iptables", "ip6tables", "iptables-restore", "nft");
        Lab.cleanupLeftovers("pf");
        ns = Netns.create("pf", "rec");
    }

    @AfterEach
    void tearDown() {
        if (ns != null) {
            ns.close();
        }
    }

    private static List<BlockRule> portals(String prefix, int n) {
        List<BlockRule> rules = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            rules.addAll(BlockRule.of(Protocol.TCP, IpPrefix.parseList(prefix + i), PortList.parse("3260"),
                    Direction.OUT, Method.REJECT));
        }
        return rules;
    }

    private PacketFilter iptables() {
        return new IptablesFilter("iptables", "ip6tables", new Counting(ns.name()), Deadline.after(Duration.ofSeconds(30)),
                s -> { });
    }

    private PacketFilter nft() {
        return new NftFilter("nft", new Counting(ns.name()), Deadline.after(Duration.ofSeconds(30)), s -> { });
    }

    private List<String> iptablesOwn() {
        List<String> own = new ArrayList<>();
        for (String line : ns.exec(T, "iptables", "-S", "OUTPUT").orThrow().stdout().lines().toList()) {
            if (line.contains(BlockRule.MARK)) {
                own.add(line);
            }
        }
        return own;
    }

    @Test
    void sixtyFourPortalsGoInAndOutInThreeIptablesRunsAndSomeoneElsesRuleStays() throws Exception {
        ns.exec(T, "iptables", "-A", "OUTPUT", "-p", "tcp", "--dport", "22", "-j", "ACCEPT").orThrow();
        PacketFilter filter = iptables();
        List<BlockRule> all = portals("10.231.9.", 64);

        assertThat(filter.reconcile(all, List.of())).containsExactlyInAnyOrderElementsOf(all);
        assertThat(runs).as("listing, one restore, listing").hasSize(3);
        assertThat(runs.get(1).get(0)).isEqualTo("iptables-restore");
        assertThat(iptablesOwn()).hasSize(64);
        for (BlockRule r : all) {
            assertThat(filter.count(r)).isEqualTo(1);
        }

        // half the portals unblocked, the other half asked for again, one of them duplicated by a racer
        ns.exec(T, "iptables", "-I", "OUTPUT", "-s", "10.231.9.64/32", "-p", "tcp", "-m", "multiport", "--sports",
                "3260", "-m", "comment", "--comment", BlockRule.MARK, "-j", "REJECT", "--reject-with", "tcp-reset")
                .orThrow();
        runs.clear();
        Set<BlockRule> changed = filter.reconcile(all.subList(32, 64), all.subList(0, 32));
        assertThat(runs).hasSize(3);
        assertThat(changed).hasSize(33).contains(all.get(63)).doesNotContain(all.get(62));
        assertThat(iptablesOwn()).hasSize(32).allMatch(l -> !l.contains("10.231.9.1/32"));
        assertThat(filter.count(all.get(63))).isEqualTo(1);
        assertThat(ns.exec(T, "iptables", "-S", "OUTPUT").orThrow().stdout()).contains(FOREIGN);

        runs.clear();
        assertThat(filter.reconcile(all.subList(32, 64), all.subList(0, 32))).as("nothing left to change").isEmpty();
        assertThat(runs).as("only the listing").hasSize(1);
    }

    @Test
    void ipv6RulesGoThroughIp6tablesRestore() throws Exception {
        PacketFilter filter = iptables();
        List<BlockRule> rules = portals("fd00:231:9::", 8);
        rules.addAll(portals("10.231.9.", 8));
        filter.reconcile(rules, List.of());
        assertThat(runs).extracting(r -> r.get(0)).contains("iptables-restore", "ip6tables-restore");
        for (BlockRule r : rules) {
            assertThat(filter.count(r)).isEqualTo(1);
        }
        filter.reconcile(List.of(), rules);
        assertThat(filter.listOwn()).isEmpty();
    }

    @Test
    void aBatchThatCannotApplyChangesNothing() throws Exception {
        PacketFilter filter = iptables();
        List<BlockRule> all = portals("10.231.9.", 4);
        filter.reconcile(all.subList(0, 2), List.of());
        // someone deletes a rule between our listing and our restore: simulated by a filter whose listing is stale
        PacketFilter stale = new IptablesFilter("iptables", "ip6tables", new DeletingBeforeRestore(ns.name(),
                all.get(0)), Deadline.after(Duration.ofSeconds(30)), s -> { });
        assertThatThrownBy(() -> stale.reconcile(all.subList(2, 4), all.subList(0, 1)))
                .isInstanceOf(PacketFilterException.class);
        assertThat(filter.count(all.get(2))).as("the insert of the failed transaction is not there").isZero();
        assertThat(filter.count(all.get(1))).isEqualTo(1);
    }

    /** Deletes {@code victim} just before the first iptables-restore runs: the batch's -D then fails. */
    private static final class DeletingBeforeRestore implements CommandRunner {
        private final InNamespace inside;
        private final String netns;
        private final BlockRule victim;

        DeletingBeforeRestore(String netns, BlockRule victim) {
            this.inside = new InNamespace(netns);
            this.netns = netns;
            this.victim = victim;
        }

        @Override
        public CommandResult run(Command command) throws CommandException {
            if (command.argv().get(0).endsWith("-restore")) {
                List<String> delete = new ArrayList<>(List.of("iptables", "-w", "5", "-D", "OUTPUT"));
                delete.addAll(victim.iptablesSpec());
                inside.run(Command.of(T, delete));
            }
            return inside.run(command);
        }
    }

    @Test
    void sixtyFourPortalsGoInAndOutInOneNftTransaction() throws Exception {
        PacketFilter filter = nft();
        List<BlockRule> all = portals("10.231.9.", 64);
        assertThat(filter.reconcile(all, List.of())).hasSize(64);
        assertThat(runs).as("listing, one nft -f, listing").hasSize(3);
        assertThat(filter.listOwn()).hasSize(64);

        runs.clear();
        assertThat(filter.reconcile(all.subList(32, 64), all.subList(0, 32))).hasSize(32);
        assertThat(runs).hasSize(3);
        assertThat(filter.listOwn()).hasSize(32);
        filter.reconcile(List.of(), all);
        filter.tidy();
        assertThat(ns.exec(T, "nft", "list", "tables").orThrow().stdout()).doesNotContain(NftFilter.TABLE);
    }
}
