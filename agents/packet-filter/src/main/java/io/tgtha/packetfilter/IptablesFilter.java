// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.packetfilter;

import io.tgtha.ocf.Deadline;
import io.tgtha.ocf.exec.Command;
import io.tgtha.ocf.exec.CommandFailedException;
import io.tgtha.ocf.exec.CommandResult;
import io.tgtha.ocf.exec.CommandRunner;

import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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
        int n = count(listing(rule.family(), rule.chain()), rule);
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

    /**
     * One {@code iptables -S} per address family to count, one {@code iptables-restore --noflush} to change
     * (atomic: a transaction that fails changes nothing), one {@code -S} to check: three runs for a whole wave of
     * portblock operations, where rule by rule costs two or three each, every run reading a ruleset that grows
     * with the number of targets. Counting here trusts the {@code -S} rendering alone; if a rule does not read
     * back as rendered, the copy just added is taken out again and this filter goes rule by rule (with {@code -C});
     * a rule to remove that is missing by text while a line of ours names its chain and address sends it there too.
     */
    @Override
    public Set<BlockRule> reconcile(Collection<BlockRule> present, Collection<BlockRule> absent)
            throws PacketFilterException {
        if (renderingDisagreed) {
            return PacketFilter.oneByOne(this, present, absent);
        }
        Set<BlockRule> changed = new LinkedHashSet<>();
        for (IpPrefix.Family family : IpPrefix.Family.values()) {
            List<BlockRule> wanted = ofFamily(present, family);
            List<BlockRule> unwanted = ofFamily(absent, family);
            if (wanted.isEmpty() && unwanted.isEmpty()) {
                continue;
            }
            List<String> before = listing(family);
            Set<String> known = new java.util.HashSet<>();
            for (BlockRule r : wanted) {
                known.add(rendered(r));
            }
            for (BlockRule r : unwanted) {
                known.add(rendered(r));
            }
            for (BlockRule r : unwanted) {
                if (count(before, r) == 0 && lookAlike(before, r, known)) {
                    // a line of ours for this chain and address that is not our rendering: counting by text
                    // would leave this rule in place and call it gone; -D matches by meaning
                    renderingDisagreed = true;
                    return PacketFilter.oneByOne(this, present, absent);
                }
            }
            StringBuilder script = new StringBuilder();
            for (BlockRule r : unwanted) {
                int n = count(before, r);
                for (int i = 0; i < n; i++) {
                    script.append(restoreLine("-D", r, null));
                    changed.add(r);
                }
            }
            for (BlockRule r : wanted) {
                int n = count(before, r);
                if (n == 0) {
                    script.append(restoreLine("-I", r, "1"));
                    changed.add(r);
                }
                for (int i = 1; i < n; i++) {
                    script.append(restoreLine("-D", r, null));
                    changed.add(r);
                }
            }
            if (script.length() == 0) {
                continue;
            }
            restore(family, "*filter\n" + script + "COMMIT\n");
            List<String> after = listing(family);
            BlockRule unreadable = null;
            for (BlockRule r : wanted) {
                if (count(after, r) == 0 && count(before, r) == 0) {
                    // iptables prints it otherwise than we render it: take our copy out again (-D matches by
                    // meaning, not by text), so that the rule-by-rule path, which asks -C, adds no duplicate
                    deleteOne(r);
                    unreadable = r;
                }
            }
            if (unreadable != null) {
                renderingDisagreed = true;
                throw new PacketFilterException(PacketFilterException.Kind.FAILED, name() + " -S does not show rule "
                        + unreadable.key() + " as tgt-ha renders it; changing rules one by one", null);
            }
            for (BlockRule r : wanted) {
                if (count(after, r) != 1) {
                    throw new PacketFilterException(PacketFilterException.Kind.FAILED,
                            name() + ": rule " + r.key() + " is not there once after iptables-restore", null);
                }
            }
            for (BlockRule r : unwanted) {
                if (count(after, r) != 0) {
                    throw new PacketFilterException(PacketFilterException.Kind.FAILED,
                            name() + ": rule " + r.key() + " is still there after iptables-restore", null);
                }
            }
        }
        return changed;
    }

    private volatile boolean renderingDisagreed;

    private static List<BlockRule> ofFamily(Collection<BlockRule> rules, IpPrefix.Family family) {
        List<BlockRule> of = new ArrayList<>();
        for (BlockRule r : rules) {
            if (r.family() == family) {
                of.add(r);
            }
        }
        return of;
    }

    /** A line with our mark, in the rule's chain, naming its address, and none of the {@code known} renderings. */
    private static boolean lookAlike(List<String> listing, BlockRule rule, Set<String> known) {
        String chain = "-A " + rule.chain().iptablesName() + " ";
        for (String line : listing) {
            if (line.startsWith(chain) && !known.contains(line) && line.contains(BlockRule.MARK)
                    && (rule.ip().isAny() || line.contains(rule.ip().cidr()))) {
                return true;
            }
        }
        return false;
    }

    private static String rendered(BlockRule rule) {
        return "-A " + rule.chain().iptablesName() + " " + String.join(" ", rule.iptablesSpec());
    }

    private static int count(List<String> listing, BlockRule rule) {
        String wanted = rendered(rule);
        int n = 0;
        for (String line : listing) {
            if (line.equals(wanted)) {
                n++;
            }
        }
        return n;
    }

    /** One line of iptables-restore input; its parser splits on blanks and honours double quotes. */
    private static String restoreLine(String verb, BlockRule rule, String position) {
        StringBuilder line = new StringBuilder(verb).append(' ').append(rule.chain().iptablesName());
        if (position != null) {
            line.append(' ').append(position);
        }
        for (String arg : rule.iptablesSpec()) {
            line.append(' ').append(arg.isEmpty() || arg.contains(" ") ? "\"" + arg + "\"" : arg);
        }
        return line.append('\n').toString();
    }

    /** {@code iptables-restore --noflush} beside the iptables this filter runs (same back end, same directory). */
    private void restore(IpPrefix.Family family, String script) throws PacketFilterException {
        String tool = family == IpPrefix.Family.IPV4 ? iptables : ip6tables;
        long waitSeconds = xtablesWaitSeconds();
        Command command = Command.of(Duration.ofSeconds(waitSeconds + 3),
                List.of(tool + "-restore", "-w", Long.toString(waitSeconds), "--noflush"))
                .withStdin(script.getBytes(StandardCharsets.UTF_8));
        commands.run(command);
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
        long waitSeconds = xtablesWaitSeconds();
        List<String> argv = new ArrayList<>();
        argv.add(family == IpPrefix.Family.IPV4 ? iptables : ip6tables);
        argv.add("-w");
        argv.add(Long.toString(waitSeconds));
        argv.addAll(args);
        Command command = Command.of(Duration.ofSeconds(waitSeconds + 3), argv).succeedingOn(okCodes);
        return commands.run(command);
    }

    /** The {@code -w} of every iptables and iptables-restore run: the xtables lock wait, below our own deadline. */
    private long xtablesWaitSeconds() {
        return Math.max(1, Math.min(5, commands.deadline().remaining().toSeconds() - 1));
    }
}
