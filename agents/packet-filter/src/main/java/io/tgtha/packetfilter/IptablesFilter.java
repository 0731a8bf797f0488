// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.packetfilter;

import io.tgtha.ocf.Deadline;
import io.tgtha.ocf.exec.Command;
import io.tgtha.ocf.exec.CommandFailedException;
import io.tgtha.ocf.exec.CommandResult;
import io.tgtha.ocf.exec.CommandRunner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * iptables/ip6tables (either back end: legacy or nf_tables). Presence is decided by parsing
 * {@code -S CHAIN} and comparing whole lines with the rule as iptables prints it, cross-checked with
 * {@code -C}; never by grepping {@code -L} (the stock agent's bug: iptables 1.8.9 prints protocol
 * {@code 6} there, so it never sees its own rules).
 *
 * <p>Exit code 4 is iptables' RESOURCE_PROBLEM: the xtables lock still held after {@code -w}, or
 * "Resource temporarily unavailable" when an nf_tables transaction raced another one. It is retried
 * with backoff until the operation's deadline, and never reaches Pacemaker as rc 4.
 */
public final class IptablesFilter implements PacketFilter {
    private static final int RESOURCE_PROBLEM = 4;

    private final String iptables;
    private final String ip6tables;
    private final CommandSupport commands;

    /**
     * @param iptables  path or name of iptables
     * @param ip6tables path or name of ip6tables
     */
    public IptablesFilter(String iptables, String ip6tables, CommandRunner runner, Deadline deadline,
                          Consumer<String> debug) {
        this.iptables = iptables;
        this.ip6tables = ip6tables;
        this.commands = new CommandSupport(runner, deadline, debug, IptablesFilter::isTransient);
    }

    static boolean isTransient(CommandFailedException e) {
        return e.exitCode() == RESOURCE_PROBLEM && !CommandSupport.permissionDenied(e);
    }

    @Override
    public String name() {
        return "iptables";
    }

    @Override
    public int count(BlockRule rule) throws PacketFilterException {
        String wanted = "-A " + rule.chain().iptablesName() + " " + String.join(" ", rule.iptablesSpec());
        int n = 0;
        for (String line : listing(rule.family(), rule.chain())) {
            if (line.equals(wanted)) {
                n++;
            }
        }
        if (n == 0 && check(rule)) {
            // -C knows better than our rendering (some iptables version prints a match differently):
            // trust it, so the rule is never added twice; duplicates are then only removed on stop
            return 1;
        }
        return n;
    }

    /*
     * ensurePresent/ensureAbsent with fewer iptables runs than the interface's count()-based defaults:
     * each run costs 5-100 ms on a loaded node, under the packet-filter mutex that every other
     * portblock of the node waits for. Absent -> present: -C, -I (was -S, -C, -I). Present once ->
     * absent: -D, -D (was -S, -D, -S, -C). Duplicates (only possible when someone changed the
     * rules without our mutex) are still found and removed: -S counts them when -C says present,
     * and -D repeats until iptables says there is no such rule.
     */
    @Override
    public boolean ensurePresent(BlockRule rule) throws PacketFilterException {
        if (!check(rule)) {
            insert(rule);
            return true;
        }
        int n = count(rule);
        for (int i = 1; i < n; i++) {
            deleteOne(rule);
        }
        return n > 1;
    }

    @Override
    public boolean ensureAbsent(BlockRule rule) throws PacketFilterException {
        // bounded: a rule that keeps coming back (someone else adding it) must not loop us forever
        for (int deleted = 0; deleted < 64; deleted++) {
            if (!deleteIfPresent(rule)) {
                return deleted > 0;
            }
        }
        throw new PacketFilterException(PacketFilterException.Kind.FAILED,
                name() + ": rule " + rule.key() + " keeps reappearing", null);
    }

    /** {@code iptables -D}: exit 0 when it deleted a copy, 1 when there was none. */
    boolean deleteIfPresent(BlockRule rule) throws PacketFilterException {
        List<String> args = new ArrayList<>(List.of("-D", rule.chain().iptablesName()));
        args.addAll(rule.iptablesSpec());
        return run(rule.family(), args, 0, 1).exitCode() == 0;
    }

    /** {@code iptables -C}: exit 0 when the rule exists, 1 when it does not. */
    boolean check(BlockRule rule) throws PacketFilterException {
        List<String> args = new ArrayList<>(List.of("-C", rule.chain().iptablesName()));
        args.addAll(rule.iptablesSpec());
        return run(rule.family(), args, 0, 1).exitCode() == 0;
    }

    @Override
    public void insert(BlockRule rule) throws PacketFilterException {
        List<String> args = new ArrayList<>(List.of("-I", rule.chain().iptablesName(), "1"));
        args.addAll(rule.iptablesSpec());
        run(rule.family(), args, 0);
    }

    @Override
    public void deleteOne(BlockRule rule) throws PacketFilterException {
        List<String> args = new ArrayList<>(List.of("-D", rule.chain().iptablesName()));
        args.addAll(rule.iptablesSpec());
        run(rule.family(), args, 0, 1);
    }

    @Override
    public List<String> listOwn() throws PacketFilterException {
        List<String> own = new ArrayList<>();
        for (IpPrefix.Family family : IpPrefix.Family.values()) {
            List<String> lines;
            try {
                lines = listing(family);
            } catch (PacketFilterException e) {
                if (e.kind() == PacketFilterException.Kind.NOT_INSTALLED) {
                    continue; // e.g. no ip6tables: then there is no rule of ours there either
                }
                throw e;
            }
            for (String line : lines) {
                if (line.contains("--comment " + BlockRule.MARK + " ") || line.endsWith(BlockRule.MARK)) {
                    own.add((family == IpPrefix.Family.IPV6 ? "ip6tables " : "iptables ") + line);
                }
            }
        }
        return own;
    }

    /**
     * The filter table of one address family as {@code iptables -S} (or {@code ip6tables -S}) prints it: policies
     * ({@code -P}), user chains ({@code -N}) and every rule ({@code -A}), anyone's, one stripped line each. iptables
     * shows the rules of either back end (legacy, or nf_tables as on Debian 12): what the stock portblock agent or
     * an operator put in is there too. The one reader of the iptables listing: {@link #count}, {@link #listOwn} and
     * {@code tgtha status} use it.
     */
    public List<String> listing(IpPrefix.Family family) throws PacketFilterException {
        return lines(run(family, List.of("-S"), 0));
    }

    /** {@link #listing(IpPrefix.Family)} of one chain. */
    private List<String> listing(IpPrefix.Family family, Chain chain) throws PacketFilterException {
        return lines(run(family, List.of("-S", chain.iptablesName()), 0));
    }

    private static List<String> lines(CommandResult listing) {
        return listing.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private CommandResult run(IpPrefix.Family family, List<String> args, Integer... okCodes)
            throws PacketFilterException {
        // -w bounds the wait for the xtables lock (legacy back end) below our own deadline
        Duration left = commands.deadline().remaining();
        long waitSeconds = Math.max(1, Math.min(5, left.toSeconds() - 1));
        List<String> argv = new ArrayList<>();
        argv.add(family == IpPrefix.Family.IPV4 ? iptables : ip6tables);
        argv.add("-w");
        argv.add(Long.toString(waitSeconds));
        argv.addAll(args);
        Command command = Command.of(Duration.ofSeconds(waitSeconds + 3), argv).succeedingOn(okCodes);
        return commands.run(command);
    }
}
