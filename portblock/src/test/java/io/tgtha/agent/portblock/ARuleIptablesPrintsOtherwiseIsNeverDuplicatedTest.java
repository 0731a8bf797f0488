// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.portblock;

import io.tgtha.ocf.Deadline;
import io.tgtha.packetfilter.BlockRule;
import io.tgtha.packetfilter.Direction;
import io.tgtha.packetfilter.IpPrefix;
import io.tgtha.packetfilter.IptablesFilter;
import io.tgtha.packetfilter.Method;
import io.tgtha.packetfilter.PacketFilterException;
import io.tgtha.packetfilter.PortList;
import io.tgtha.packetfilter.Protocol;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The batched change counts rules by the text {@code iptables -S} prints. An iptables that prints a match otherwise
 * than tgt-ha renders it would make every wanted rule look absent: the batch must then take out the copies it
 * added, so that the rule-by-rule path (which asks {@code -C}) leaves exactly one; and a rule to remove must not be
 * taken for gone because its text is not found.
 */
class ARuleIptablesPrintsOtherwiseIsNeverDuplicatedTest {
    private final FakeFirewall fw = new FakeFirewall();
    private final IptablesFilter filter = new IptablesFilter("iptables", "ip6tables", fw,
            Deadline.after(Duration.ofSeconds(10)), s -> { });
    private final List<BlockRule> rules = new ArrayList<>();

    ARuleIptablesPrintsOtherwiseIsNeverDuplicatedTest() {
        for (String ip : List.of("10.0.0.1", "10.0.0.2")) {
            rules.addAll(BlockRule.of(Protocol.TCP, IpPrefix.parseList(ip), PortList.parse("3260"), Direction.OUT,
                    Method.REJECT));
        }
        fw.rendering = r -> r.replace("-m multiport --sports", "-m multiport --source-ports");
    }

    @Test
    void theBatchTakesItsCopiesOutAndRuleByRuleAddsEachOnce() throws Exception {
        fw.rules("iptables", "OUTPUT").add(String.join(" ", rules.get(0).iptablesSpec())); // already blocked
        assertThatThrownBy(() -> filter.reconcile(rules, List.of())).isInstanceOf(PacketFilterException.class)
                .hasMessageContaining("as tgt-ha renders it");
        assertThat(fw.rules("iptables", "OUTPUT")).as("only the rule that was there before").hasSize(1);

        filter.reconcile(rules, List.of()); // now rule by rule, with -C
        assertThat(fw.rules("iptables", "OUTPUT")).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void aRuleToRemoveIsRemovedThoughTheListingDoesNotShowItAsRendered() throws Exception {
        for (BlockRule r : rules) {
            fw.rules("iptables", "OUTPUT").add(String.join(" ", r.iptablesSpec()));
        }
        assertThat(filter.reconcile(List.of(), rules)).containsExactlyInAnyOrderElementsOf(rules);
        assertThat(fw.rules("iptables", "OUTPUT")).isEmpty();
    }
}
