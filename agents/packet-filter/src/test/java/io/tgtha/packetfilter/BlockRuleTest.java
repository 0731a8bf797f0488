// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.packetfilter;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BlockRuleTest {
    private static BlockRule rule(Chain chain, Protocol proto, String ip, String ports, Method method) {
        return new BlockRule(chain, proto, IpPrefix.parse(ip), PortList.parse(ports), method);
    }

    @Test
    void outputResetIsWrittenAsIptablesPrintsIt() {
        // the exact -S line of iptables 1.8.9, measured in a namespace
        assertThat(String.join(" ", rule(Chain.OUTPUT, Protocol.TCP, "10.231.2.1", "3260,1000:2000", Method.REJECT)
                .iptablesSpec()))
                .isEqualTo("-s 10.231.2.1/32 -p tcp -m multiport --sports 3260,1000:2000 -m comment --comment "
                        + "tgtha-portblock -j REJECT --reject-with tcp-reset");
    }

    @Test
    void resetTowardsOneInitiatorIsWrittenAsIptablesPrintsIt() {
        // the exact -S line of iptables 1.8.9 for such a rule, measured in a namespace: -s before -d
        List<BlockRule> rules = BlockRule.resetTowards(List.of(IpPrefix.parse("10.0.0.2"), IpPrefix.parse("fd00::2")),
                List.of(IpPrefix.parse("10.0.0.1")), PortList.parse("3260"));
        assertThat(rules).hasSize(2);
        assertThat(String.join(" ", rules.get(0).iptablesSpec()))
                .isEqualTo("-s 10.0.0.1/32 -d 10.0.0.2/32 -p tcp -m multiport --sports 3260 -m comment --comment "
                        + "tgtha-portblock -j REJECT --reject-with tcp-reset");
        assertThat(String.join(" ", rules.get(1).iptablesSpec())).as("no portal of its family: any local address")
                .isEqualTo("-d fd00::2/128 -p tcp -m multiport --sports 3260 -m comment --comment "
                        + "tgtha-portblock -j REJECT --reject-with tcp-reset");
        assertThat(String.join(" ", rules.get(0).nftStatement()))
                .isEqualTo("ip saddr 10.0.0.1 ip daddr 10.0.0.2 tcp sport 3260 reject with tcp reset");
        assertThat(rules.get(0).key()).isEqualTo("output tcp 10.0.0.1/32 3260 reject peer 10.0.0.2/32");
        assertThat(rules.get(0)).isNotEqualTo(new BlockRule(Chain.OUTPUT, Protocol.TCP, IpPrefix.parse("10.0.0.1"),
                PortList.parse("3260"), Method.REJECT));
    }

    @Test
    void inputDropForAnyAddressHasNoAddressMatch() {
        // iptables -C does not match "-d 0.0.0.0/0" against a rule stored without -d
        assertThat(String.join(" ", rule(Chain.INPUT, Protocol.TCP, "0.0.0.0/0", "3260", Method.DROP).iptablesSpec()))
                .isEqualTo("-p tcp -m multiport --dports 3260 -m comment --comment tgtha-portblock -j DROP");
    }

    @Test
    void udpRejectUsesFamilyIcmp() {
        assertThat(rule(Chain.INPUT, Protocol.UDP, "fd00::1", "53", Method.REJECT).iptablesSpec())
                .endsWith("REJECT", "--reject-with", "icmp6-port-unreachable");
        assertThat(rule(Chain.INPUT, Protocol.UDP, "10.0.0.1", "53", Method.REJECT).iptablesSpec())
                .endsWith("REJECT", "--reject-with", "icmp-port-unreachable");
    }

    @Test
    void nftStatements() {
        assertThat(String.join(" ", rule(Chain.OUTPUT, Protocol.TCP, "10.231.2.1", "3260,1000:2000", Method.REJECT)
                .nftStatement())).isEqualTo("ip saddr 10.231.2.1 tcp sport { 3260, 1000-2000 } reject with tcp reset");
        assertThat(String.join(" ", rule(Chain.INPUT, Protocol.TCP, "::/0", "3260", Method.DROP).nftStatement()))
                .isEqualTo("meta nfproto ipv6 tcp dport 3260 drop");
        assertThat(String.join(" ", rule(Chain.INPUT, Protocol.UDP, "fd00::/64", "53", Method.REJECT).nftStatement()))
                .isEqualTo("ip6 daddr fd00::/64 udp dport 53 reject");
    }

    @Test
    void nftCommentStaysWithinLimitAndDistinct() {
        String ports = "1:2,3:4,5:6,7:8,9:10,11:12,13:14,15";
        BlockRule a = rule(Chain.INPUT, Protocol.TCP, "2001:db8:1234:5678:9abc:def0:1234:5678", ports, Method.DROP);
        BlockRule b = rule(Chain.INPUT, Protocol.TCP, "2001:db8:1234:5678:9abc:def0:1234:5679", ports, Method.DROP);
        assertThat(a.nftComment()).hasSizeLessThanOrEqualTo(128).startsWith(BlockRule.MARK);
        assertThat(a.nftComment()).isNotEqualTo(b.nftComment());
    }

    @Test
    void directionBothGivesBothChainsPerAddress() {
        List<BlockRule> rules = BlockRule.of(Protocol.TCP, IpPrefix.parseList("10.0.0.1,fd00::1"),
                PortList.parse("3260"), Direction.BOTH, Method.REJECT);
        assertThat(rules).extracting(BlockRule::key).containsExactly(
                "input tcp 10.0.0.1/32 3260 reject", "output tcp 10.0.0.1/32 3260 reject",
                "input tcp fd00::1/128 3260 reject", "output tcp fd00::1/128 3260 reject");
    }
}
