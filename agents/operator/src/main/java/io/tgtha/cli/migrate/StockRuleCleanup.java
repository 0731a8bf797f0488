// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.migrate;

import io.tgtha.cli.CliException;
import io.tgtha.cli.ExitCode;
import io.tgtha.ocf.exec.Command;
import io.tgtha.ocf.exec.CommandException;
import io.tgtha.ocf.exec.CommandRunner;
import io.tgtha.ocf.Deadline;
import io.tgtha.ocf.lock.FileMutex;
import io.tgtha.ocf.lock.MutexTimeoutException;
import io.tgtha.cli.status.StockPortblockRules;
import io.tgtha.packetfilter.IpPrefix;
import io.tgtha.packetfilter.IptablesFilter;
import io.tgtha.packetfilter.PacketFilterException;

import java.io.IOException;
import java.nio.file.Path;

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
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration DELETE_TIMEOUT = Duration.ofSeconds(10);

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
                .filter(p -> p.is("ocf", "tgtha", "portblock") || p.isOcf("portblock", stockProviders))
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
     * Lists and removes under the packet-filter mutex, like every other packet-filter change on the node (an agent's
     * iptables run in parallel would otherwise fail with rc 4); the listing is the packet-filter library's.
     *
     * @return how many rules were removed (or, with dryRun, would be)
     */
    public static int clean(CommandRunner runner, Path lockDir, Set<Integer> ports, boolean dryRun, PrintWriter out) {
        Deadline deadline = Deadline.after(TIMEOUT);
        IptablesFilter iptables = new IptablesFilter("iptables", "ip6tables", runner, deadline, line -> { });
        FileMutex mutex = new FileMutex(lockDir, FileMutex.PACKET_FILTER);
        List<String> stock;
        try (FileMutex.Held held = dryRun ? null : mutex.acquire(deadline, "tgtha migrate: stock portblock rules")) {
            stock = StockPortblockRules.select(iptables.listing(IpPrefix.Family.IPV4), ports);
            for (String line : stock) {
                List<String> words = List.of(line.split("\\s+"));
                List<String> argv = new ArrayList<>(List.of("iptables", "-w", "5", "-D"));
                argv.addAll(words.subList(1, words.size()));
                out.println((dryRun ? "would remove: iptables " : "removed: iptables ")
                        + String.join(" ", argv.subList(3, argv.size())));
                if (!dryRun) {
                    try {
                        runner.run(Command.of(DELETE_TIMEOUT, argv));
                    } catch (CommandException e) {
                        throw new CliException(ExitCode.COMMAND_FAILED, "cannot remove the stock rule '" + line
                                + "': " + e.getMessage());
                    }
                }
            }
        } catch (PacketFilterException e) {
            throw new CliException(ExitCode.COMMAND_FAILED, "cannot list the packet filter (iptables -S): "
                    + e.getMessage());
        } catch (MutexTimeoutException | IOException e) {
            throw new CliException(ExitCode.COMMAND_FAILED, "cannot take the packet-filter mutex in " + lockDir + ": "
                    + e.getMessage());
        }
        out.flush();
        return stock.size();
    }
}
