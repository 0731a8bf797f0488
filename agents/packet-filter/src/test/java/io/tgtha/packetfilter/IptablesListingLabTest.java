// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.packetfilter;

import io.tgtha.ocf.Deadline;
import io.tgtha.testkit.Lab;
import io.tgtha.testkit.Netns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.tgtha.packetfilter.IpPrefix.Family.IPV4;
import static io.tgtha.packetfilter.IpPrefix.Family.IPV6;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link IptablesFilter#listing} against the real iptables and ip6tables in a fresh network namespace: it is the
 * filter table as {@code iptables -S} prints it, anyone's rules included (tgtha status finds the stock portblock
 * agent's rules in it), and {@link IptablesFilter#listOwn} picks tgt-ha's own rules out of it.
 */
class IptablesListingLabTest {
    private static final Duration T = Duration.ofSeconds(10);
    private static final String OUR_V4 = "-A OUTPUT -s 10.231.3.22/32 -p tcp -m multiport --sports 3260 -m comment"
            + " --comment tgtha-portblock -j REJECT --reject-with tcp-reset";
    private static final String OUR_V6 = "-A OUTPUT -s fd00:231:3::22/128 -p tcp -m multiport --sports 3260 -m comment"
            + " --comment tgtha-portblock -j REJECT --reject-with tcp-reset";
    private static final String STOCK = "-A INPUT -d 10.231.3.21/32 -p tcp -m multiport --dports 3260 -j DROP";

    Netns ns;
    IptablesFilter filter;

    @BeforeEach
    void setUp() {
        Lab.requireRoot("iptables", "ip6tables");
        Lab.cleanupLeftovers("pf");
        ns = Netns.create("pf", "lst");
        filter = new IptablesFilter("iptables", "ip6tables", new InNamespace(ns.name()),
                Deadline.after(Duration.ofSeconds(30)), s -> { });
    }

    @AfterEach
    void tearDown() {
        if (ns != null) {
            ns.close();
        }
    }

    @Test
    void aNamespaceNobodyFilteredInListsOnlyThePolicies() throws Exception {
        List<String> policies = List.of("-P INPUT ACCEPT", "-P FORWARD ACCEPT", "-P OUTPUT ACCEPT");
        assertThat(filter.listing(IPV4)).containsExactlyElementsOf(policies);
        assertThat(filter.listing(IPV6)).containsExactlyElementsOf(policies);
        assertThat(filter.listOwn()).isEmpty();
    }

    @Test
    void theListingHoldsEveryonesRulesAsIptablesPrintsThemAndListOwnOnlyOurs() throws Exception {
        // someone's firewall: a chain of its own and a jump to it
        ns.exec(T, "iptables", "-w", "5", "-N", "f2b-sshd").orThrow();
        ns.exec(T, "iptables", "-w", "5", "-A", "INPUT", "-p", "tcp", "--dport", "22", "-j", "f2b-sshd").orThrow();
        // the block the stock portblock agent writes (its own argument order: iptables prints its own)
        ns.exec(T, "iptables", "-w", "5", "-I", "INPUT", "-p", "tcp", "-d", "10.231.3.21", "-m", "multiport",
                "--dports", "3260", "-j", "DROP").orThrow();
        for (BlockRule rule : BlockRule.of(Protocol.TCP, IpPrefix.parseList("10.231.3.22,fd00:231:3::22"),
                PortList.parse("3260"), Direction.OUT, Method.REJECT)) {
            filter.ensurePresent(rule);
        }

        List<String> v4 = filter.listing(IPV4);
        assertThat(v4).containsExactlyElementsOf(printedBy("iptables"));
        assertThat(v4).contains("-N f2b-sshd", STOCK, OUR_V4).doesNotContain(OUR_V6)
                .anyMatch(l -> l.startsWith("-A INPUT ") && l.endsWith("--dport 22 -j f2b-sshd"))
                .allMatch(l -> !l.isBlank() && l.equals(l.strip()));
        assertThat(filter.listing(IPV6)).containsExactlyElementsOf(printedBy("ip6tables")).contains(OUR_V6)
                .doesNotContain(STOCK, OUR_V4);
        assertThat(filter.listOwn()).containsExactly("iptables " + OUR_V4, "ip6tables " + OUR_V6);
    }

    /** The non-empty lines {@code iptables -S} prints in the namespace, run directly. */
    private List<String> printedBy(String binary) {
        return ns.exec(T, binary, "-w", "5", "-S").orThrow().stdout().lines().filter(l -> !l.isEmpty()).toList();
    }
}
