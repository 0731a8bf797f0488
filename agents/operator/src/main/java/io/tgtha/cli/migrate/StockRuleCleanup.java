// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.migrate;

import io.tgtha.cli.CliException;
import io.tgtha.cli.ExitCode;
import io.tgtha.ocf.exec.Command;
import io.tgtha.ocf.exec.CommandException;
import io.tgtha.ocf.exec.CommandRunner;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Removes, on this node, every rule of the shape the stock portblock writes ({@link StockPortblockRule}, the same
 * recognition {@code tgtha status} warns with) for the ports of the cluster's portblock resources. No tgt-ha agent
 * ever removes them: they carry no tgt-ha mark. Each line {@code iptables -S} prints is deleted as printed, so
 * duplicates (Debian 12's stock agent adds one per start) go one by one.
 */
public final class StockRuleCleanup {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private StockRuleCleanup() {
    }

    /** The ports (the low end of a range, every item of a list) of every stock or tgt-ha portblock in the plan. */
    static Set<Integer> ports(MigrationPlan plan) {
        Set<Integer> ports = new TreeSet<>();
        plan.mapped().stream().filter(m -> m.tgthaType().equals("portblock"))
                .forEach(m -> ports.addAll(parsePorts(m.params().getOrDefault("portno", ""))));
        return ports;
    }

    /** The ports of every portblock resource of a CIB, stock (any of the providers) or tgt-ha. */
    public static Set<Integer> ports(CibConfiguration cib, Set<String> stockProviders) {
        Set<Integer> ports = new TreeSet<>();
        cib.primitives().stream()
                .filter(p -> p.agentClass().equals("ocf") && p.type().equals("portblock")
                        && (p.provider().equals("tgtha") || stockProviders.contains(p.provider())))
                .forEach(p -> ports.addAll(parsePorts(p.params().getOrDefault("portno", ""))));
        return ports;
    }

    static Set<Integer> parsePorts(String portno) {
        Set<Integer> out = new TreeSet<>();
        for (String item : portno.split(",")) {
            try {
                out.add(Integer.parseInt(item.split(":", 2)[0].strip()));
            } catch (NumberFormatException e) {
                // a service name: the stock agent's portno is numeric
            }
        }
        return out;
    }

    /**
     * @return how many rules were removed (or, with dryRun, would be)
     */
    public static int clean(CommandRunner runner, Set<Integer> ports, boolean dryRun, PrintWriter out) {
        String listing;
        try {
            // -w 5: the xtables lock of the legacy back end may be held by an agent for a moment
            listing = runner.run(Command.of(TIMEOUT, "iptables", "-w", "5", "-S")).stdout();
        } catch (CommandException e) {
            throw new CliException(ExitCode.COMMAND_FAILED, "cannot list the packet filter (iptables -S): "
                    + e.getMessage());
        }
        List<String> stock = stockLines(listing, ports);
        for (String line : stock) {
            List<String> words = List.of(line.split("\\s+"));
            List<String> argv = new ArrayList<>(List.of("iptables", "-w", "5", "-D"));
            argv.addAll(words.subList(1, words.size()));
            out.println((dryRun ? "would remove: iptables " : "removed: iptables ") + String.join(" ", argv.subList(3, argv.size())));
            if (!dryRun) {
                try {
                    runner.run(Command.of(TIMEOUT, argv));
                } catch (CommandException e) {
                    throw new CliException(ExitCode.COMMAND_FAILED, "cannot remove the stock rule '" + line + "': "
                            + e.getMessage());
                }
            }
        }
        out.flush();
        return stock.size();
    }

    /** Each stock-shaped line once per time iptables printed it (duplicates are separate rules). */
    static List<String> stockLines(String iptablesS, Set<Integer> ports) {
        return iptablesS.lines().map(String::strip)
                .filter(l -> ports.stream().anyMatch(p -> StockPortblockRule.recognise(l, p).isPresent())).toList();
    }
}
