// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.portblock;

import io.tgtha.packetfilter.ConnectionReset;
import io.tgtha.packetfilter.IpPrefix;
import io.tgtha.packetfilter.IptablesFilter;
import io.tgtha.packetfilter.PortList;

import io.tgtha.ocf.Deadline;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionResetTest {
    private static final String RESET = "-s 10.0.0.1/32 -p tcp -m multiport --sports 3260 -m comment --comment "
            + "tgtha-portblock -j REJECT --reject-with tcp-reset";

    private final FakeFirewall fw = new FakeFirewall();
    private final Deadline deadline = Deadline.after(Duration.ofSeconds(10));
    private final List<String> log = new ArrayList<>();
    private final IptablesFilter filter = new IptablesFilter("iptables", "ip6tables", fw, deadline, s -> { });
    private final ConnectionReset reset = new ConnectionReset(fw, deadline, log::add, "ss");
    private final List<IpPrefix> ips = IpPrefix.parseList("10.0.0.1");
    private final PortList ports = PortList.parse("3260");

    @Test
    void temporaryRuleIsRemovedAfterTheSocketsAreDestroyed() throws Exception {
        ConnectionReset.Outcome o = reset.resetWithRules(filter, ips, ports, false, Set.of(), Duration.ofMillis(200), null);
        assertThat(o.clean()).isTrue();
        assertThat(fw.rules("iptables", "OUTPUT")).isEmpty();
        List<String> sequence = fw.calls.stream().filter(c -> c.contains("-I") || c.contains("-D") || c.contains("-K"))
                .map(c -> c.contains("-K") ? "ss -K" : c.get(3)).toList();
        // the second -D finds no copy left (iptables exit 1): that is how removal knows it is done
        assertThat(sequence).containsExactly("-I", "ss -K", "-D", "-D");
        assertThat(log).singleElement().asString().contains("0 socket(s) destroyed, 0 left");
    }

    @Test
    void aRuleThatWasAlreadyThereStays() throws Exception {
        fw.rules("iptables", "OUTPUT").add(RESET);
        reset.resetWithRules(filter, ips, ports, false, Set.of(), Duration.ofMillis(200), null);
        assertThat(fw.rules("iptables", "OUTPUT")).containsExactly(RESET);
    }

    @Test
    void keepRulesLeavesTheBlockInPlace() throws Exception {
        reset.resetWithRules(filter, ips, ports, true, Set.of(), Duration.ofMillis(200), null);
        assertThat(fw.rules("iptables", "OUTPUT")).containsExactly(RESET);
    }

    @Test
    void socketsThatCannotBeDestroyedAreReportedWithTheirSendQueue() throws Exception {
        fw.ssOutput = "ESTAB 0 2884640 10.0.0.1:3260 10.0.0.2:40000\n";
        ConnectionReset.Outcome o = reset.destroySockets(ips, ports, Duration.ofMillis(100));
        assertThat(o.clean()).isFalse();
        assertThat(o.remaining()).isEqualTo(1);
        assertThat(o.sendQLeft()).isEqualTo(2884640);
    }
}
