// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.status;

import io.tgtha.cli.migrate.StockPortblockRule;
import io.tgtha.ocf.exec.Command;
import io.tgtha.ocf.exec.CommandException;
import io.tgtha.ocf.exec.CommandRunner;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Rules of resource-agents' portblock on the iSCSI port still in this node's packet filter. tgt-ha never removes
 * them (they carry no tgt-ha mark): a DROP on INPUT left from a stock block keeps initiators out of a target that
 * runs here, and keeps tgtd's Send-Q full on a stop. Read with {@code iptables -S}, which shows the rules of either
 * back end (legacy, or nf_tables as on Debian 12), the one the stock agent wrote with.
 */
public final class StockPortblockRules {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private StockPortblockRules() {
    }

    /** The stock-shaped lines of {@code iptables -S}; empty when iptables is missing or cannot be read (not root). */
    public static List<String> find(CommandRunner runner, int port) {
        String listing;
        try {
            // -w 5: the xtables lock of the legacy back end may be held by an agent for a moment
            listing = runner.run(Command.of(TIMEOUT, "iptables", "-w", "5", "-S")).stdout();
        } catch (CommandException e) {
            return List.of();
        }
        return select(listing, port);
    }

    static List<String> select(String iptablesS, int port) {
        return iptablesS.lines().map(String::strip)
                .filter(l -> StockPortblockRule.recognise(l, port).isPresent()).toList();
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
