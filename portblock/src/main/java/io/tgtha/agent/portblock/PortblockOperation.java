// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.portblock;

import io.tgtha.packetfilter.BlockRule;
import io.tgtha.packetfilter.ConnectionReset;
import io.tgtha.packetfilter.IpPrefix;
import io.tgtha.packetfilter.PacketFilter;
import io.tgtha.packetfilter.PacketFilterException;
import io.tgtha.packetfilter.PacketFilters;
import io.tgtha.packetfilter.Protocol;
import io.tgtha.packetfilter.SocketTable;

import io.tgtha.ocf.OcfAction;
import io.tgtha.ocf.OcfException;
import io.tgtha.ocf.agent.OperationContext;
import io.tgtha.ocf.exec.CommandException;
import io.tgtha.ocf.lock.FileMutex;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One operation of a portblock instance: its context, its configuration parsed once, the packet filter built
 * once, and the steps the actions are made of (rules in and out under the packet-filter mutex, the state
 * file, resets, tickles). {@link PortblockStart}, {@link PortblockStop} and {@link PortblockMonitor} say in
 * which order.
 */
final class PortblockOperation {
    /** Time kept back from the operation's deadline to answer after a slow step. */
    private static final Duration RESERVE = Duration.ofMillis(800);
    /** How long a block keeps destroying sockets that are still there (normally the first ss -K gets all). */
    private static final Duration RESET_WINDOW = Duration.ofSeconds(2);
    private static final Duration TICKLE_TIMEOUT = Duration.ofSeconds(5);

    final OperationContext ctx;
    final PortblockConfig config;
    final PseudoState state;
    private final Function<String, Optional<Path>> tools;
    private PacketFilter filter;

    PortblockOperation(OperationContext ctx, PortblockConfig config, Function<String, Optional<Path>> tools) {
        this.ctx = ctx;
        this.config = config;
        this.tools = tools;
        this.state = pseudoState(ctx);
    }

    // ---- steps

    /** A change of the state file, run inside the packet-filter critical section. */
    @FunctionalInterface
    interface StateStep {
        StateStep NONE = () -> { };

        void run();
    }

    void putBlockInPlace(StateStep first, StateStep last) {
        List<BlockRule> rules = config.rules();
        PacketFilter filter = filter();
        boolean resetNow = config.resetLocalOnUnblockStop() && config.protocol() == Protocol.TCP
                && ctx.action() == OcfAction.STOP && config.action() == BlockAction.UNBLOCK;
        // Only a reset that needs temporary rules (its own rules are not the reset rules) destroys under the
        // mutex: those rules must come out again. Otherwise the mutex covers rule changes only; a failover
        // stops every unblock instance of the node at once, and 2 s of destroying each under one mutex
        // queued them past their stop timeout (16 targets in the scale benchmark).
        boolean destroyUnderMutex = resetNow && !config.resetsOwnConnections();
        ConnectionReset reset = connectionReset(ctx);
        if (destroyUnderMutex) {
            try (FileMutex.Held held = lock("portblock " + ctx.action().wireName())) {
                first.run();
                try {
                    warnIfLeft(ctx, reset.resetWithRules(filter, config.ips(), config.ports(), false,
                            new HashSet<>(rules), RESET_WINDOW, () -> ensurePresent(ctx, filter, rules)));
                } catch (CommandException e) {
                    // ss failed: the reset is best effort, the block is what the stop must achieve
                    ctx.log().warn("resetting local connections failed (" + e.getMessage() + "); blocking anyway");
                }
                ensurePresent(ctx, filter, rules); // idempotent: guarantees the block whatever the reset did
                last.run();
            } catch (PacketFilterException e) {
                throw e.toOcf();
            }
        } else {
            logChanged("blocked: ", queued(rules, List.of(), first, last, false));
        }
        if (config.resetsOwnConnections()) {
            // the block rules reset every segment the target sends and let no handshake complete: what is
            // still connected only needs destroying, which changes no rule
            try {
                warnIfLeft(ctx, reset.destroySockets(config.ips(), config.ports(), RESET_WINDOW));
            } catch (CommandException e) {
                // the rule still resets every segment the target sends; log, do not fail the block
                ctx.log().warn(resetNow ? "resetting local connections failed (" + e.getMessage() + "); blocking anyway"
                        : "could not destroy existing connections: " + e.getMessage());
            }
        }
    }

    private static void warnIfLeft(OperationContext ctx, ConnectionReset.Outcome o) {
        if (!o.clean()) {
            ctx.log().warn(o.remaining() + " connection(s) survived the reset (" + o.sendQLeft()
                    + " unsent bytes); the reset rule catches them when they next send");
        }
    }

    void ensurePresent(OperationContext ctx, PacketFilter filter, List<BlockRule> rules)
            throws PacketFilterException {
        for (BlockRule r : rules) {
            if (filter.ensurePresent(r)) {
                ctx.log().info("blocked: " + filter.name() + " " + r.key());
            }
        }
    }

    void liftBlock(StateStep first, StateStep last) {
        List<BlockRule> rules = new java.util.ArrayList<>(config.rules());
        if (config.action() == BlockAction.UNBLOCK && config.resetLocalOnUnblockStop()
                && config.protocol() == Protocol.TCP) {
            // the temporary reset rules of an unblock stop that died half-way would block the portal's
            // replies for good: the next unblock start removes them too
            for (BlockRule r : ConnectionReset.resetRules(config.ips(), config.ports())) {
                if (!rules.contains(r)) {
                    rules.add(r);
                }
            }
        }
        logChanged("unblocked: ", queued(List.of(), rules, first, last, true));
    }

    /** The rule change through this JVM's {@link RuleChangeQueue}, with the state steps inside the same hold. */
    private RuleChangeQueue.Change queued(List<BlockRule> present, List<BlockRule> absent, StateStep first,
                                          StateStep last, boolean tidy) {
        RuleChangeQueue.Change change = new RuleChangeQueue.Change(this, present, absent, first, last, tidy,
                ctx.deadline().minus(RESERVE));
        RuleChangeQueue.of(lockFile()).apply(change);
        return change;
    }

    private void logChanged(String what, RuleChangeQueue.Change change) {
        String together = change.batchSize() > 1
                ? " (with the changes of " + (change.batchSize() - 1) + " other operation(s), in one run)" : "";
        for (BlockRule r : change.changed()) {
            ctx.log().info(what + filter().name() + " " + r.key() + together);
        }
    }

    List<BlockRule> presentRules() {
        PacketFilter filter = filter();
        try {
            List<BlockRule> present = new java.util.ArrayList<>();
            for (BlockRule r : config.rules()) {
                if (filter.count(r) > 0) {
                    present.add(r);
                }
            }
            return present;
        } catch (PacketFilterException e) {
            throw e.toOcf();
        }
    }

    void tickleRemote() {
        if (!config.tickles()) {
            return;
        }
        if (!Files.isDirectory(config.tickleDir().get())) {
            ctx.log().warn("tickle_dir " + config.tickleDir().get() + " does not exist: no tickle ACKs sent");
            return;
        }
        Optional<Path> tickleTcp = TickleDir.findTickleTcp(ctx.env().get("HA_BIN"), tools);
        if (tickleTcp.isEmpty()) {
            ctx.log().warn("tickle_tcp (resource-agents) is not installed: no tickle ACKs sent; clients "
                    + "reconnect only when their own timeouts expire");
            return;
        }
        TickleDir dir = new TickleDir(config.tickleDir().get());
        for (IpPrefix ip : config.ips()) {
            try {
                int n = dir.tickle(ip, tickleTcp.get(), ctx.runner(), ctx.deadline().cap(TICKLE_TIMEOUT),
                        ctx.log()::warn);
                if (n > 0) {
                    ctx.log().info("sent tickle ACKs for " + n + " recorded connection(s) of " + ip.shortText());
                }
            } catch (IOException | CommandException e) {
                // like the stock agent: tickles only speed up reconnects, they never fail the start
                ctx.log().warn("tickle ACKs for " + ip.shortText() + " failed: " + e.getMessage());
            }
        }
    }

    void saveConnections() {
        TickleDir dir = new TickleDir(config.tickleDir().get());
        if (!Files.isDirectory(dir.dir())) {
            ctx.log().warn("tickle_dir " + dir.dir() + " does not exist; connections not recorded");
            return;
        }
        SocketTable table = new SocketTable(ssPath(), ctx.runner());
        for (IpPrefix ip : config.ips()) {
            try {
                dir.save(ip, table.established(List.of(ip), config.ports()), config.syncScript(),
                        ctx.log()::warn);
            } catch (IOException | CommandException e) {
                ctx.log().warn("cannot record connections of " + ip.shortText() + " in " + dir.dir() + ": "
                        + e.getMessage());
            }
        }
    }

    // ---- plumbing

    private String ssPath() {
        return ConnectionReset.ssPath(tools.apply("ss"));
    }

    /** The packet filter of this operation, built once. */
    PacketFilter filter() {
        if (filter != null) {
            return filter;
        }
        try {
            filter = PacketFilters.create(config.firewall(), config.families(), ctx.runner(), ctx.deadline(),
                    ctx.log()::debug, tools);
            return filter;
        } catch (PacketFilterException e) {
            throw e.toOcf();
        }
    }

    private ConnectionReset connectionReset(OperationContext ctx) {
        return new ConnectionReset(ctx.runner(), ctx.deadline(), ctx.log()::info, ssPath());
    }

    private static Path runDir(OperationContext ctx) {
        // the operation's environment, not the process's: in the agent host they differ
        return io.tgtha.process.RunDir.of(ctx.env().get(io.tgtha.process.RunDir.VARIABLE).orElse(null));
    }

    private static PseudoState pseudoState(OperationContext ctx) {
        String rsctmp = ctx.env().get("HA_RSCTMP").orElse("");
        return new PseudoState(runDir(ctx), ctx.env().resourceInstance(),
                Path.of(rsctmp.startsWith("/") ? rsctmp : "/run/resource-agents"));
    }

    /** Marks this instance started (the state file). */
    void markActive() {
        try {
            state.markActive();
        } catch (IOException e) {
            throw OcfException.generic("cannot write state file " + state.file() + ": " + e.getMessage());
        }
    }

    /** Marks this instance stopped. */
    void clear() {
        try {
            state.clear();
        } catch (IOException e) {
            throw OcfException.generic("cannot remove state file " + state.file() + ": " + e.getMessage());
        }
    }

    private Path lockFile() {
        return new FileMutex(runDir(ctx).resolve("locks"), FileMutex.PACKET_FILTER).file();
    }

    /** The node's packet-filter mutex, waited for until shortly before the operation's deadline. */
    FileMutex.Held lock(String note) {
        FileMutex mutex = new FileMutex(runDir(ctx).resolve("locks"), FileMutex.PACKET_FILTER);
        return mutex.acquireOrFail(ctx.deadline().minus(RESERVE), note + " " + ctx.env().resourceInstance());
    }

}
