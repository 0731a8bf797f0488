// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.status;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StockPortblockRulesTest {
    /** iptables -S of a node with a stock block left on INPUT, tgt-ha's own reject rule and someone's firewall. */
    static final List<String> LISTING = List.of(
            "-P INPUT ACCEPT",
            "-P FORWARD DROP",
            "-P OUTPUT ACCEPT",
            "-N f2b-sshd",
            "-A INPUT -d 10.0.0.21/32 -p tcp -m multiport --dports 3260 -j DROP",
            "-A INPUT -p tcp -m tcp --dport 22 -j f2b-sshd",
            "-A OUTPUT -s 10.0.0.22/32 -p tcp -m multiport --sports 3260 -m comment --comment tgtha-portblock -j REJECT"
                    + " --reject-with tcp-reset",
            "-A OUTPUT -s 10.0.0.23/32 -p tcp -m multiport --sports 3260 -j DROP",
            "-A f2b-sshd -j RETURN");

    @Test
    void onlyTheStockShapedRulesOnThePortAreSelected() {
        assertThat(StockPortblockRules.select(LISTING, 3260)).containsExactly(
                "-A INPUT -d 10.0.0.21/32 -p tcp -m multiport --dports 3260 -j DROP",
                "-A OUTPUT -s 10.0.0.23/32 -p tcp -m multiport --sports 3260 -j DROP");
        assertThat(StockPortblockRules.select(LISTING, 3261)).isEmpty();
    }

    @Test
    void theWarningNamesEveryRuleAndWhereToReadOn() {
        assertThat(StockPortblockRules.warning(List.of(), 3260)).isEmpty();
        StatusWarning w = StockPortblockRules.warning(StockPortblockRules.select(LISTING, 3260), 3260).orElseThrow();
        assertThat(w.code()).isEqualTo("stock-portblock-rules");
        assertThat(w.message()).startsWith("2 rules of the stock portblock agent are in the packet filter on port 3260")
                .contains("iptables -A INPUT -d 10.0.0.21/32 -p tcp -m multiport --dports 3260 -j DROP")
                .contains("iptables -A OUTPUT -s 10.0.0.23/32 -p tcp -m multiport --sports 3260 -j DROP")
                .contains("docs/troubleshooting.md");
    }
}
