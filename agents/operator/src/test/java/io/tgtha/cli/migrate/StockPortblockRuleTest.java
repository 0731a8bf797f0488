// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.migrate;

import io.tgtha.packetfilter.BlockRule;
import io.tgtha.packetfilter.Direction;
import io.tgtha.packetfilter.IpPrefix;
import io.tgtha.packetfilter.Method;
import io.tgtha.packetfilter.PortList;
import io.tgtha.packetfilter.Protocol;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The stock rule shapes that migrate writes are the ones status recognises in {@code iptables -S}, and only those. */
class StockPortblockRuleTest {

    @Test
    void everyShapeMigratePrintsIsRecognisedAsItself() {
        for (StockPortblockRule shape : StockPortblockRule.values()) {
            String line = "-A " + shape.chain() + " " + shape.spec("tcp", "10.0.0.21/32", "3260");
            assertThat(StockPortblockRule.recognise(line, 3260)).as(line).contains(shape);
        }
    }

    /** Lines as iptables 1.8.9 -S prints what the stock agent 4.12 inserted: its own option order, 0.0.0.0/0 left out. */
    @Test
    void linesAsIptablesPrintsThemAreRecognised() {
        assertThat(StockPortblockRule.recognise("-A INPUT -d 10.0.0.21/32 -p tcp -m multiport --dports 3260 -j DROP", 3260))
                .contains(StockPortblockRule.INPUT_DROP);
        assertThat(StockPortblockRule.recognise("-A INPUT -p tcp -m multiport --dports 3260 -j DROP", 3260))
                .contains(StockPortblockRule.INPUT_DROP);
        assertThat(StockPortblockRule.recognise("-A OUTPUT -s 10.0.0.22/32 -p tcp -m multiport --sports 3260 -j DROP", 3260))
                .contains(StockPortblockRule.OUTPUT_DROP);
        assertThat(StockPortblockRule.recognise(
                "-A OUTPUT -s 10.0.0.22/32 -p tcp -m multiport --sports 3260 -j REJECT --reject-with tcp-reset", 3260))
                .contains(StockPortblockRule.OUTPUT_RESET);
    }

    @Test
    void portListsAndRangesCoverThePortOnlyWhenTheyContainIt() {
        assertThat(StockPortblockRule.recognise("-A INPUT -p tcp -m multiport --dports 860,3260 -j DROP", 3260)).isPresent();
        assertThat(StockPortblockRule.recognise("-A INPUT -p tcp -m multiport --dports 3250:3260 -j DROP", 3260)).isPresent();
        assertThat(StockPortblockRule.recognise("-A INPUT -p tcp -m multiport --dports 3261:3270 -j DROP", 3260)).isEmpty();
        assertThat(StockPortblockRule.recognise("-A INPUT -p tcp -m multiport --dports 2049 -j DROP", 3260)).isEmpty();
        assertThat(StockPortblockRule.recognise("-A INPUT -p tcp -m multiport --dports 2049 -j DROP", 2049)).isPresent();
    }

    @Test
    void tgthasOwnMarkedRulesAreNotStockRules() {
        for (Method method : Method.values()) {
            for (BlockRule rule : BlockRule.of(Protocol.TCP, List.of(IpPrefix.parse("10.0.0.21")), PortList.parse("3260"),
                    Direction.BOTH, method)) {
                String line = "-A " + rule.chain().iptablesName() + " " + String.join(" ", rule.iptablesSpec());
                assertThat(StockPortblockRule.recognise(line, 3260)).as(line).isEmpty();
            }
        }
    }

    @Test
    void rulesOfOtherShapesAreSomeoneElses() {
        for (String line : List.of(
                "-A INPUT -p tcp -m tcp --dport 3260 -j DROP",                                  // no multiport
                "-A INPUT -i eth1 -p tcp -m multiport --dports 3260 -j DROP",                   // an interface
                "-A INPUT ! -s 10.0.0.0/8 -p tcp -m multiport --dports 3260 -j DROP",           // a negation
                "-A INPUT -d 10.0.0.21/32 -p tcp -m multiport --dports 3260 -j ACCEPT",         // not a block
                "-A OUTPUT -d 10.0.0.21/32 -p tcp -m multiport --sports 3260 -j DROP",          // -d on OUTPUT
                "-A FORWARD -p tcp -m multiport --dports 3260 -j DROP",                          // another chain
                "-A INPUT -p tcp -m multiport --dports 3260 -m state --state NEW -j DROP",      // another match
                "-P INPUT ACCEPT",
                "-N tgtha",
                "")) {
            assertThat(StockPortblockRule.recognise(line, 3260)).as(line).isEmpty();
        }
    }
}
