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
import java.util.List;
import java.util.Map;
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
        List<Found> m = new ArrayList<>();
        for (Found f : rules()) {
            if (f.chain().equals(rule.chain().nftName()) && f.comment().equals(rule.nftComment())) {
                m.add(f);
            }
        }
        return m;
    }

    @Override
    public int count(BlockRule rule) throws PacketFilterException {
        return matching(rule).size();
    }

    @Override
    public void insert(BlockRule rule) throws PacketFilterException {
        // declaring the table and chains is idempotent: it adds what is missing and flushes nothing
        String skeleton = "table inet " + TABLE + " {\n"
                + "  chain input { type filter hook input priority filter - 5; policy accept; }\n"
                + "  chain output { type filter hook output priority filter - 5; policy accept; }\n"
                + "}\n";
        commands.run(Command.of(NFT_TIMEOUT, nft, "-f", "-").withStdin(skeleton.getBytes(StandardCharsets.UTF_8)));
        List<String> argv = new ArrayList<>(List.of(nft, "insert", "rule", "inet", TABLE, rule.chain().nftName()));
        argv.addAll(rule.nftStatement());
        argv.add("comment");
        argv.add("\"" + rule.nftComment() + "\"");
        commands.run(Command.of(NFT_TIMEOUT, argv));
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
