// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.packetfilter;

import io.tgtha.ocf.Deadline;
import io.tgtha.ocf.exec.Command;
import io.tgtha.ocf.exec.CommandFailedException;
import io.tgtha.ocf.exec.CommandResult;
import io.tgtha.ocf.exec.CommandRunner;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * nftables: our rules live in a table of their own ({@code inet tgtha_portblock}, base chains on the
 * input and output hooks) so we never touch anyone else's ruleset, and the table is deleted again
 * once it holds no rule. A rule is identified by its comment ({@link BlockRule#nftComment()}), read
 * from {@code nft -j} output.
 */
public final class NftFilter implements PacketFilter {
    public static final String TABLE = "tgtha_portblock";
    private static final Duration NFT_TIMEOUT = Duration.ofSeconds(5);

    private final String nft;
    private final CommandSupport commands;

    public NftFilter(String nft, CommandRunner runner, Deadline deadline, Consumer<String> debug) {
        this.nft = nft;
        this.commands = new CommandSupport(runner, deadline, debug, NftFilter::isTransient);
    }

    /** Netlink contention with another ruleset change; nft itself does not retry these. */
    static boolean isTransient(CommandFailedException e) {
        String err = CommandSupport.stderrOf(e);
        return err.contains("resource temporarily unavailable") || err.contains("device or resource busy");
    }

    @Override
    public String name() {
        return "nft";
    }

    /** A rule of ours as found in the table. */
    public record Found(String chain, long handle, String comment) {
    }

    /** Our table's rules; empty when the table does not exist. */
    List<Found> rules() throws PacketFilterException {
        CommandResult r = commands.run(Command.of(NFT_TIMEOUT, nft, "-j", "list", "table", "inet", TABLE)
                .succeedingOn(0, 1));
        if (r.exitCode() != 0) {
            if (r.stderr().contains("No such file or directory")) {
                return List.of();
            }
            throw new PacketFilterException(CommandSupport.permissionDenied(r.stderr())
                    ? PacketFilterException.Kind.PERMISSION : PacketFilterException.Kind.FAILED,
                    "nft list table failed: " + firstLine(r.stderr()), null);
        }
        return parse(r.stdout());
    }

    public static List<Found> parse(String json) throws PacketFilterException {
        List<Found> found = new ArrayList<>();
        try {
            Object root = MiniJson.parse(json);
            if (!(root instanceof Map<?, ?> top) || !(top.get("nftables") instanceof List<?> items)) {
                throw new PacketFilterException(PacketFilterException.Kind.FAILED, "nft -j: unexpected output", null);
            }
            for (Object item : items) {
                if (item instanceof Map<?, ?> m && m.get("rule") instanceof Map<?, ?> rule
                        && TABLE.equals(rule.get("table")) && rule.get("handle") instanceof Long handle) {
                    Object comment = rule.get("comment");
                    found.add(new Found(String.valueOf(rule.get("chain")), handle,
                            comment instanceof String c ? c : ""));
                }
            }
        } catch (IllegalArgumentException e) {
            throw new PacketFilterException(PacketFilterException.Kind.FAILED, "nft -j: " + e.getMessage(), e);
        }
        return found;
    }

    private List<Found> matching(BlockRule rule) throws PacketFilterException {
        return matching(rules(), rule);
    }

    @Override
    public int count(BlockRule rule) throws PacketFilterException {
        return matching(rule).size();
    }

    @Override
    public void insert(BlockRule rule) throws PacketFilterException {
        commands.run(Command.of(NFT_TIMEOUT, nft, "-f", "-").withStdin(SKELETON.getBytes(StandardCharsets.UTF_8)));
        List<String> argv = new ArrayList<>(List.of(nft, "insert", "rule", "inet", TABLE, rule.chain().nftName()));
        argv.addAll(rule.nftStatement());
        argv.add("comment");
        argv.add("\"" + rule.nftComment() + "\"");
        commands.run(Command.of(NFT_TIMEOUT, argv));
    }

    /** Declaring the table and chains is idempotent: it adds what is missing and flushes nothing. */
    private static final String SKELETON = "table inet " + TABLE + " {\n"
            + "  chain input { type filter hook input priority filter - 5; policy accept; }\n"
            + "  chain output { type filter hook output priority filter - 5; policy accept; }\n"
            + "}\n";

    /**
     * One listing, one {@code nft -f} (a single atomic transaction) and one listing to check, for a whole wave of
     * portblock operations.
     */
    @Override
    public Set<BlockRule> reconcile(Collection<BlockRule> present, Collection<BlockRule> absent)
            throws PacketFilterException {
        List<Found> before = rules();
        Set<BlockRule> changed = new LinkedHashSet<>();
        StringBuilder script = new StringBuilder();
        for (BlockRule r : absent) {
            for (Found f : matching(before, r)) {
                script.append(deleteLine(f));
                changed.add(r);
            }
        }
        boolean inserting = false;
        for (BlockRule r : present) {
            List<Found> m = matching(before, r);
            if (m.isEmpty()) {
                script.append("insert rule inet ").append(TABLE).append(' ').append(r.chain().nftName()).append(' ')
                        .append(String.join(" ", r.nftStatement())).append(" comment \"").append(r.nftComment())
                        .append("\"\n");
                inserting = true;
                changed.add(r);
            }
            for (int i = 1; i < m.size(); i++) {
                script.append(deleteLine(m.get(i)));
                changed.add(r);
            }
        }
        if (script.length() == 0) {
            return changed;
        }
        String batch = (inserting ? SKELETON : "") + script;
        commands.run(Command.of(NFT_TIMEOUT, nft, "-f", "-").withStdin(batch.getBytes(StandardCharsets.UTF_8)));
        List<Found> after = rules();
        for (BlockRule r : present) {
            if (matching(after, r).size() != 1) {
                throw new PacketFilterException(PacketFilterException.Kind.FAILED,
                        "nft: rule " + r.key() + " is not there once after the batch", null);
            }
        }
        for (BlockRule r : absent) {
            if (!matching(after, r).isEmpty()) {
                throw new PacketFilterException(PacketFilterException.Kind.FAILED,
                        "nft: rule " + r.key() + " is still there after the batch", null);
            }
        }
        return changed;
    }

    private static String deleteLine(Found f) {
        return "delete rule inet " + TABLE + " " + f.chain() + " handle " + f.handle() + "\n";
    }

    private static List<Found> matching(List<Found> found, BlockRule rule) {
        List<Found> m = new ArrayList<>();
        for (Found f : found) {
            if (f.chain().equals(rule.chain().nftName()) && f.comment().equals(rule.nftComment())) {
                m.add(f);
            }
        }
        return m;
    }

    @Override
    public void deleteOne(BlockRule rule) throws PacketFilterException {
        List<Found> m = matching(rule);
        if (m.isEmpty()) {
            return;
        }
        commands.run(Command.of(NFT_TIMEOUT, nft, "delete", "rule", "inet", TABLE, rule.chain().nftName(),
                "handle", Long.toString(m.get(0).handle())).succeedingOn(0, 1));
    }

    @Override
    public List<String> listOwn() throws PacketFilterException {
        List<String> own = new ArrayList<>();
        for (Found f : rules()) {
            own.add("nft " + f.chain() + " " + f.comment());
        }
        return own;
    }

    @Override
    public void tidy() throws PacketFilterException {
        CommandResult r = commands.run(Command.of(NFT_TIMEOUT, nft, "-j", "list", "table", "inet", TABLE)
                .succeedingOn(0, 1));
        if (r.exitCode() == 0 && parse(r.stdout()).isEmpty()) {
            commands.run(Command.of(NFT_TIMEOUT, nft, "delete", "table", "inet", TABLE).succeedingOn(0, 1));
        }
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }
}
