// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.portblock;

import io.tgtha.packetfilter.BlockRule;
import io.tgtha.packetfilter.Direction;
import io.tgtha.packetfilter.IpPrefix;
import io.tgtha.packetfilter.IptablesFilter;
import io.tgtha.packetfilter.Method;
import io.tgtha.packetfilter.PortList;
import io.tgtha.packetfilter.Protocol;

import io.tgtha.ocf.Deadline;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins how many iptables runs a rule change costs: every run is 5-100 ms on a loaded node, made
 * while every other portblock of the node waits for the packet-filter mutex.
 */
class IptablesRuleChangesTakeTwoRunsTest {
    private final FakeFirewall fw = new FakeFirewall();
    private final IptablesFilter filter = new IptablesFilter("iptables", "ip6tables", fw,
            Deadline.after(Duration.ofSeconds(10)), new NoLog());
    private final BlockRule rule = BlockRule.of(Protocol.TCP, IpPrefix.parseList("10.0.0.1"), PortList.parse("3260"),
            Direction.OUT, Method.REJECT).get(0);

    private static final class NoLog implements java.util.function.Consumer<String> {
        @Override
        public void accept(String s) {
        }
    }

    private List<String> verbs() {
        List<String> verbs = new ArrayList<>();
        for (List<String> call : fw.calls) {
            verbs.add(call.get(3));
        }
        return verbs;
    }

    @Test
    void addingAnAbsentRuleChecksThenInserts() throws Exception {
        assertThat(filter.ensurePresent(rule)).isTrue();
        assertThat(verbs()).containsExactly("-C", "-I");
        assertThat(filter.count(rule)).isEqualTo(1);
    }

    @Test
    void removingARuleDeletesUntilIptablesHasNoneLeft() throws Exception {
        filter.ensurePresent(rule);
        fw.calls.clear();
        assertThat(filter.ensureAbsent(rule)).isTrue();
        assertThat(verbs()).containsExactly("-D", "-D");
        assertThat(filter.count(rule)).isZero();
    }

    @Test
    void removingAnAbsentRuleIsOneRunAndNoChange() throws Exception {
        assertThat(filter.ensureAbsent(rule)).isFalse();
        assertThat(verbs()).containsExactly("-D");
    }

    @Test
    void duplicatesLeftWithoutTheMutexAreStillRemoved() throws Exception {
        filter.insert(rule);
        filter.insert(rule);
        filter.insert(rule);
        assertThat(filter.ensurePresent(rule)).as("two of three copies removed").isTrue();
        assertThat(filter.count(rule)).isEqualTo(1);
        filter.insert(rule);
        assertThat(filter.ensureAbsent(rule)).isTrue();
        assertThat(filter.count(rule)).isZero();
    }
}
