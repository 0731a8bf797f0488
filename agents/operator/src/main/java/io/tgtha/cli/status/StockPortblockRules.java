// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.status;

import io.tgtha.cli.migrate.StockPortblockRule;
import io.tgtha.ocf.Deadline;
import io.tgtha.ocf.exec.CommandRunner;
import io.tgtha.packetfilter.IpPrefix;
import io.tgtha.packetfilter.IptablesFilter;
import io.tgtha.packetfilter.PacketFilterException;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.Optional;

/**
 * Rules of resource-agents' portblock on the iSCSI port still in this node's packet filter. tgt-ha never removes
 * them (they carry no tgt-ha mark): a DROP on INPUT left from a stock block keeps initiators out of a target that
 * runs here, and keeps tgtd's Send-Q full on a stop. Read from the packet-filter library's listing
 * ({@link IptablesFilter#listing}, {@code iptables -S}), which shows the rules of either back end (legacy, or
 * nf_tables as on Debian 12), the one the stock agent wrote with.
 */
public final class StockPortblockRules {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private StockPortblockRules() {
    }

    /** The stock-shaped lines of {@code iptables -S}; empty when iptables is missing or cannot be read (not root). */
    public static List<String> find(CommandRunner runner, int port) {
        IptablesFilter iptables = new IptablesFilter("iptables", "ip6tables", runner, Deadline.after(TIMEOUT),
                line -> { });
        try {
            return select(iptables.listing(IpPrefix.Family.IPV4), port);
        } catch (PacketFilterException e) {
            return List.of();
        }
    }

    static List<String> select(List<String> iptablesS, int port) {
        return select(iptablesS, Set.of(port));
    }

    /** The stock-shaped lines for any of the ports, each once per time iptables printed it (duplicates are rules). */
    public static List<String> select(List<String> iptablesS, Set<Integer> ports) {
        return iptablesS.stream()
                .filter(l -> ports.stream().anyMatch(p -> StockPortblockRule.recognise(l, p).isPresent())).toList();
    }

    public static Optional<StatusWarning> warning(List<String> rules, int port) {
        if (rules.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new StatusWarning(StatusWarning.STOCK_PORTBLOCK_RULES, (rules.size() == 1
                ? "a rule of the stock portblock agent is" : rules.size() + " rules of the stock portblock agent are")
                + " in the packet filter on port " + port + ": " + String.join("; ", rules.stream()
                .map(r -> "iptables " + r).toList())
                + ". tgt-ha never removes them (no tgt-ha mark); while one is there initiators may be blocked or a"
                + " target stop may hang: remove them as docs/troubleshooting.md (\"Leftover rules\") shows"));
    }
}
