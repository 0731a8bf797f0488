package io.tgtha.agent.portblock;

import io.tgtha.ocf.Deadline;
import io.tgtha.ocf.OcfAction;
import io.tgtha.ocf.OcfException;
import io.tgtha.ocf.OcfExitCode;
import io.tgtha.ocf.agent.AgentRunner;
import io.tgtha.ocf.agent.OperationContext;
import io.tgtha.ocf.agent.ResourceAgent;
import io.tgtha.ocf.exec.CommandException;
import io.tgtha.ocf.lock.FileMutex;
import io.tgtha.ocf.lock.MutexTimeoutException;
import io.tgtha.ocf.log.LogLevel;
import io.tgtha.ocf.log.OcfLog;
import io.tgtha.ocf.meta.ActionSpec;
import io.tgtha.ocf.meta.AgentMetadata;
import io.tgtha.ocf.meta.TgthaVersion;
import io.tgtha.ocf.param.ParameterSpec;
import io.tgtha.ocf.param.ValueCheck;
import io.tgtha.ocf.text.Text;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * ocf:tgtha:portblock, a drop-in for ocf:heartbeat:portblock with the same parameters and the same
 * block/unblock semantics, plus: TCP-reset blocking of the target's own output (direction=out), so
 * tgtd hangs up at once instead of sitting on a full Send-Q; exact rule detection; one filesystem
 * mutex around every packet-filter change of every tgt-ha process; iptables or nft, IPv4 and IPv6.
 *
 * <p>Semantics as in the stock agent: a "block" instance puts the rules in on start and takes them
 * out on stop; an "unblock" instance takes them out on start and puts them back on stop. Both are
 * pseudo-resources (the shared rule cannot say which of the two is active), so monitor reads the
 * instance's own state file; the unblock instance additionally fails its monitor when the port is
 * blocked after all. Unlike the stock agent, a leftover rule does not make a probe of the block
 * instance say "running" on a node where it was never started.
 */
public final class PortblockAgent implements ResourceAgent {
    static final String NAME = "portblock";
    /** Time kept back from the operation's deadline to answer after a slow step. */
    private static final Duration RESERVE = Duration.ofMillis(800);
    /** How long a block keeps destroying sockets that are still there (normally the first ss -K gets all). */
    private static final Duration RESET_WINDOW = Duration.ofSeconds(2);
    private static final Duration TICKLE_TIMEOUT = Duration.ofSeconds(5);

    private static final AgentMetadata METADATA = new AgentMetadata(NAME, TgthaVersion.current(),
            "Blocks and unblocks access to TCP and UDP ports (tgt-ha)",
            """
            Temporarily blocks ports with iptables or nftables, e.g. the iSCSI portal around a target's \
            failover. A drop-in for ocf:heartbeat:portblock (same parameters and block/unblock semantics) \
            with these differences: direction=out rejects the target's own outgoing packets with a TCP \
            reset and destroys its existing sockets (ss -K), so a loaded target hangs up at once instead \
            of keeping megabytes in its send queue; rules are detected exactly and never duplicated; \
            every packet-filter change of tgt-ha agents is serialised by one lock with bounded waits, \
            and iptables' transient "Resource temporarily unavailable" is retried, never reported as \
            rc 4; IPv6 and nftables are supported. A "block" instance holds the rules while started, an \
            "unblock" instance while stopped. tickle_dir on the unblock instance records established \
            connections during monitor and sends tickle ACKs to their peers on start, so clients \
            reconnect at once after a failover.""",
            List.of(
                    ParameterSpec.string("protocol").required()
                            .shortdesc("protocol")
                            .longdesc("The protocol to block or unblock: tcp or udp.")
                            .check(new Check("protocol")).build(),
                    ParameterSpec.string("portno").required()
                            .shortdesc("portno")
                            .longdesc("The ports to block or unblock: a comma-separated list of ports and "
                                    + "ranges, e.g. 3260 or 3260,5000:5010 (at most 15 ports, a range "
                                    + "counting as two).")
                            .check(new Check("portno")).build(),
                    ParameterSpec.string("action").required()
                            .shortdesc("action")
                            .longdesc("block: the rules are in place while this instance is started. "
                                    + "unblock: they are lifted while it is started and put back when it stops.")
                            .check(new Check("action")).build(),
                    ParameterSpec.bool("reset_local_on_unblock_stop").defaultValue("false")
                            .shortdesc("(try to) reset server TCP sessions when unblock stops")
                            .longdesc("With action=unblock and protocol=tcp: on stop, before the block is put "
                                    + "back, put a TCP-reset rule on the target's own outgoing packets and "
                                    + "destroy the local connections of the ports (ss -K), so no session "
                                    + "lingers on this node after a switch-over.").build(),
                    ParameterSpec.string("ip").defaultValue("0.0.0.0/0")
                            .shortdesc("ip")
                            .longdesc("The local address(es) to block or unblock: IPv4 or IPv6, with an "
                                    + "optional prefix length, comma-separated. 0.0.0.0/0 means every IPv4 "
                                    + "address, ::/0 every IPv6 address.")
                            .check(new Check("ip")).build(),
                    ParameterSpec.string("tickle_dir")
                            .shortdesc("Tickle directory")
                            .longdesc("Only with action=unblock and tcp: an absolute path to a directory "
                                    + "(shared, or replicated with sync_script) where monitor records the "
                                    + "established connections, which get tickle ACKs on start elsewhere.")
                            .build(),
                    ParameterSpec.string("sync_script")
                            .shortdesc("Connection state file synchronization script")
                            .longdesc("If tickle_dir is a local directory: a command run in the background "
                                    + "with the state file as its single argument, e.g. \"csync2 -xv\".")
                            .build(),
                    ParameterSpec.string("direction").defaultValue("in")
                            .shortdesc("Whether to block incoming or outgoing traffic, or both")
                            .longdesc("in: packets to the ports (INPUT). out: the target's own packets from "
                                    + "the ports (OUTPUT). both: both.")
                            .check(new Check("direction")).build(),
                    ParameterSpec.string("method")
                            .shortdesc("drop or reject")
                            .longdesc("drop: silently discard blocked packets. reject: answer them with a TCP "
                                    + "reset (ICMP port unreachable for udp). Default: drop for direction=in "
                                    + "(as the stock agent), reject for out and both.")
                            .check(new Check("method")).build(),
                    ParameterSpec.string("firewall").defaultValue("auto")
                            .shortdesc("iptables, nft or auto")
                            .longdesc("The packet filter to drive: iptables (ip6tables for IPv6; either "
                                    + "back end), nft (a table of its own, inet tgtha_portblock), or auto "
                                    + "(iptables when installed, else nft). The block and unblock instances "
                                    + "of a port must use the same.")
                            .check(new Check("firewall")).build()),
            List.of(
                    ActionSpec.of("start", Duration.ofSeconds(20)),
                    ActionSpec.of("stop", Duration.ofSeconds(20)),
                    new ActionSpec("status", Duration.ofSeconds(10), Optional.of(Duration.ofSeconds(10)),
                            Optional.of(0)),
                    ActionSpec.monitor(Duration.ofSeconds(10), Duration.ofSeconds(10), 0),
                    ActionSpec.of("meta-data", Duration.ofSeconds(5)),
                    ActionSpec.of("validate-all", Duration.ofSeconds(5))));

    private final Function<String, Optional<Path>> tools;

    public PortblockAgent() {
        this(Executables.ON_PATH);
    }

    /** @param tools finds an executable by name; tests use it to simulate missing tools */
    PortblockAgent(Function<String, Optional<Path>> tools) {
        this.tools = tools;
    }

    /**
     * For a direct run: {@code java -cp ... io.tgtha.agent.portblock.PortblockAgent start} (the lab tests
     * run the agent this way). Like the tgtha-agent launcher, it counts the operation's time from the
     * process's start: Pacemaker's clock runs from the fork, and on a loaded node the JVM's start-up
     * alone can take seconds, which must come out of the budget, not on top of it.
     */
    public static void main(String[] args) {
        AgentRunner.runAsProcess(new PortblockAgent(), args);
    }

    /**
     * The program of a command line: everything before the first whitespace character, what
     * {@code split("\\s+")[0]} gives for the (trimmed, non-empty) sync_script.
     */
    static String firstWord(String commandLine) {
        for (int i = 0; i < commandLine.length(); i++) {
            if (Text.isWhitespace(commandLine.charAt(i))) {
                return commandLine.substring(0, i);
            }
        }
        return commandLine;
    }

    /**
     * The parameters' own checks, one class rather than seven lambdas: every operation builds and runs
     * them, and each lambda's first call costs a JVM that lives 50 ms about 0.3 ms to link.
     */
    private static final class Check implements ValueCheck {
        private final String parameter;

        Check(String parameter) {
            this.parameter = parameter;
        }

        @Override
        public Optional<String> problemWith(String v) {
            switch (parameter) {
                case "protocol":
                    return Protocol.parse(v).isPresent() ? Optional.empty() : Optional.of("must be tcp or udp");
                case "action":
                    return BlockAction.parse(v).isPresent() ? Optional.empty()
                            : Optional.of("must be block or unblock");
                case "direction":
                    return Direction.parse(v).isPresent() ? Optional.empty()
                            : Optional.of("must be in, out or both");
                case "method":
                    return Method.parse(v).isPresent() ? Optional.empty() : Optional.of("must be reject or drop");
                case "firewall":
                    return FirewallChoice.parse(v).isPresent() ? Optional.empty()
                            : Optional.of("must be auto, iptables or nft");
                case "portno":
                case "ip":
                    try {
                        if (parameter.equals("portno")) {
                            PortList.parse(v);
                        } else {
                            IpPrefix.parseList(v);
                        }
                        return Optional.empty();
                    } catch (IllegalArgumentException e) {
                        return Optional.of(e.getMessage());
                    }
                default:
                    throw new IllegalStateException("no check for " + parameter);
            }
        }
    }

    @Override
    public AgentMetadata metadata() {
        return METADATA;
    }

    @Override
    public void validate(OperationContext ctx) {
        PortblockConfig config = PortblockConfig.from(ctx.params());
        if (ctx.isValidateAll() || ctx.action() == OcfAction.START) {
            for (String ignored : config.ignoredSettings()) {
                ctx.log().warn(ignored + "; ignored");
            }
        }
        try {
            PacketFilters.create(config.firewall(), config.families(), ctx.runner(), ctx.deadline(), LogSink.NOWHERE,
                    tools);
        } catch (PacketFilterException e) {
            throw OcfException.installed(e.getMessage());
        }
        boolean needsSs = config.tickles() || config.resetLocalOnUnblockStop() || config.resetsOwnConnections();
        if (needsSs && tools.apply("ss").isEmpty()) {
            throw OcfException.installed("ss (iproute2) is not installed; needed to "
                    + (config.tickles() ? "record connections for tickle_dir" : "reset connections"));
        }
        if (ctx.isValidateAll() && config.tickles()) {
            // only validate-all fails over these: tickles are best effort, and a missing directory
            // must not stop a failover (start logs a warning instead, as the stock agent goes quiet)
            if (!Files.isDirectory(config.tickleDir().get())) {
                throw OcfException.installed("tickle_dir " + config.tickleDir().get() + " does not exist");
            }
            if (config.syncScript().isPresent()) {
                String program = firstWord(config.syncScript().get());
                if (tools.apply(program).isEmpty()) {
                    throw OcfException.installed("sync_script: " + program + " is not installed");
                }
            }
        }
    }

    /*
     * Why the state file changes inside the PACKET_FILTER critical section (start: first, stop: last):
     * the unblock monitor answers from a pair, its state file and the rules. If a writer changed the
     * file outside the lock, every order has a window where the pair reads "started and blocked"
     * (start: file written, rules not lifted yet; stop: rules in, file not removed yet), which is a
     * monitor failure, and Pacemaker would recover a healthy resource. Inside the lock, that pair is
     * never visible to a reader that holds the lock, and the crash-safe order is kept: a start that
     * dies leaves the file (failed start, Pacemaker stops it), a stop that dies leaves it too (still
     * reads as running).
     */
    @Override
    public OcfExitCode start(OperationContext ctx) {
        PortblockConfig config = PortblockConfig.from(ctx.params());
        PseudoState state = pseudoState(ctx);
        // state first: if we die between here and the rules, Pacemaker sees a failed start and stops us,
        // and stop cleans up; the other order could leave rules nobody owns
        StateStep markActive = new MarkActive(state);
        if (config.action() == BlockAction.BLOCK) {
            putBlockInPlace(ctx, config, markActive, StateStep.NONE);
        } else {
            liftBlock(ctx, config, markActive, StateStep.NONE);
            tickleRemote(ctx, config);
        }
        return OcfExitCode.SUCCESS;
    }

    @Override
    public OcfExitCode stop(OperationContext ctx) {
        PortblockConfig config = PortblockConfig.from(ctx.params());
        PseudoState state = pseudoState(ctx);
        // state last: a stop that dies half-way still reads as running, so Pacemaker repeats it
        StateStep clear = new Clear(state);
        if (config.action() == BlockAction.BLOCK) {
            liftBlock(ctx, config, StateStep.NONE, clear);
        } else {
            if (config.tickles() && state.isActive()) {
                saveConnections(ctx, config);
            }
            putBlockInPlace(ctx, config, StateStep.NONE, clear);
        }
        return OcfExitCode.SUCCESS;
    }

    /*
     * Monitor reads without the lock first, and takes it only to confirm a "blocked" answer.
     *
     * Recurring monitors run every 10 s for every instance on every node; an exclusive lock there
     * would queue them behind (and in front of) the start/stop of a failover, which is exactly when
     * the lock is busy. A shared (read) lock would suit, but FileMutex is exclusive. It is not needed:
     * the block instance reads only its state file, and the unblock instance reads the file first and
     * the rules after. "Not running" (no file) and "running" (file, then no rule) are answers that were
     * true at the moment of the second read, because writers only remove the file after putting the
     * rules in, and lift the rules after writing it. Only "file and rule" can be a torn read (a start
     * or stop of this instance in between); that answer fails the monitor, so it is read again under
     * the lock, where the file and rules change together. The steady state never takes the lock.
     */
    @Override
    public OcfExitCode monitor(OperationContext ctx) {
        PortblockConfig config = PortblockConfig.from(ctx.params());
        PseudoState state = pseudoState(ctx);
        if (!state.isActive()) {
            return OcfExitCode.NOT_RUNNING;
        }
        if (config.action() == BlockAction.BLOCK) {
            // the unblock partner lifts our rules while it runs: their absence is normal
            return OcfExitCode.SUCCESS;
        }
        List<BlockRule> present = presentRules(ctx, config);
        if (!present.isEmpty()) {
            try (FileMutex.Held held = lock(ctx, "portblock monitor (confirming a block)")) {
                if (!state.isActive()) {
                    return OcfExitCode.NOT_RUNNING; // a stop finished meanwhile
                }
                present = presentRules(ctx, config);
            }
        }
        if (!present.isEmpty()) {
            if (ctx.isProbe()) {
                return OcfExitCode.NOT_RUNNING;
            }
            throw OcfException.generic("port is blocked although the unblock instance is started: " + present.get(0));
        }
        if (config.tickles() && !ctx.isProbe()) {
            saveConnections(ctx, config);
        }
        return OcfExitCode.SUCCESS;
    }

    // ---- steps

    /*
     * The steps and sinks below are small named classes, not lambdas or method references: each
     * lambda shape's first call costs an agent JVM (which lives 50 ms) method-handle linking and
     * classes spun at run time, outside the class archive.
     */

    /** A change of the state file, run inside the packet-filter critical section. */
    private interface StateStep {
        StateStep NONE = new Nothing();

        void run();
    }

    private static final class Nothing implements StateStep {
        @Override
        public void run() {
        }
    }

    private static final class MarkActive implements StateStep {
        private final PseudoState state;

        MarkActive(PseudoState state) {
            this.state = state;
        }

        @Override
        public void run() {
            markActive(state);
        }
    }

    private static final class Clear implements StateStep {
        private final PseudoState state;

        Clear(PseudoState state) {
            this.state = state;
        }

        @Override
        public void run() {
            clear(state);
        }
    }

    /** Puts the agent's own block rules in while the reset rules are in place. */
    private final class EnsurePresent implements ConnectionReset.WhileInPlace {
        private final OperationContext ctx;
        private final PacketFilter filter;
        private final List<BlockRule> rules;

        EnsurePresent(OperationContext ctx, PacketFilter filter, List<BlockRule> rules) {
            this.ctx = ctx;
            this.filter = filter;
            this.rules = rules;
        }

        @Override
        public void run() throws PacketFilterException {
            ensurePresent(ctx, filter, rules);
        }
    }

    /** Log lines of one level as a Consumer (what ctx.log()::info would be); NOWHERE drops them. */
    private static final class LogSink implements Consumer<String> {
        static final LogSink NOWHERE = new LogSink(null, LogLevel.DEBUG);

        private final OcfLog log;
        private final LogLevel level;

        LogSink(OcfLog log, LogLevel level) {
            this.log = log;
            this.level = level;
        }

        @Override
        public void accept(String message) {
            if (log != null) {
                log.log(level, message);
            }
        }
    }

    private void putBlockInPlace(OperationContext ctx, PortblockConfig config, StateStep first, StateStep last) {
        List<BlockRule> rules = config.rules();
        PacketFilter filter = filter(ctx, config);
        boolean resetNow = config.resetLocalOnUnblockStop() && config.protocol() == Protocol.TCP
                && ctx.action() == OcfAction.STOP && config.action() == BlockAction.UNBLOCK;
        ConnectionReset reset = connectionReset(ctx);
        try (FileMutex.Held held = lock(ctx, "portblock " + ctx.action().wireName())) {
            first.run();
            if (resetNow) {
                // direction=out with method=reject (the recommended setting): the block rules are the
                // reset rules themselves, in place as soon as resetWithRules has added them. Then there
                // is no step to run under them, and no second round of destroying: nothing can slip in
                // meanwhile, since no handshake completes past a reset rule. 4 commands fewer under the
                // mutex, in the most expensive operation of a failover.
                ConnectionReset.WhileInPlace step =
                        ConnectionReset.resetRules(config.ips(), config.ports()).containsAll(rules)
                                ? null : new EnsurePresent(ctx, filter, rules);
                try {
                    warnIfLeft(ctx, reset.resetWithRules(filter, config.ips(), config.ports(), false,
                            new HashSet<>(rules), RESET_WINDOW, step));
                } catch (CommandException e) {
                    // ss failed: the reset is best effort, the block is what the stop must achieve
                    ctx.log().warn("resetting local connections failed (" + e.getMessage() + "); blocking anyway");
                }
            }
            ensurePresent(ctx, filter, rules); // idempotent: guarantees the block whatever the reset did
            last.run();
        } catch (PacketFilterException e) {
            throw e.toOcf();
        }
        if (config.resetsOwnConnections() && !resetNow) {
            // the reset rule is in place: what is still connected now only needs destroying, which
            // changes no rule, so the mutex is already free again for the other agents
            try {
                warnIfLeft(ctx, reset.destroySockets(config.ips(), config.ports(), RESET_WINDOW));
            } catch (CommandException e) {
                // the rule still resets every segment the target sends; log, do not fail the block
                ctx.log().warn("could not destroy existing connections: " + e.getMessage());
            }
        }
    }

    private static void warnIfLeft(OperationContext ctx, ConnectionReset.Outcome o) {
        if (!o.clean()) {
            ctx.log().warn(o.remaining() + " connection(s) survived the reset (" + o.sendQLeft()
                    + " unsent bytes); the reset rule catches them when they next send");
        }
    }

    private void ensurePresent(OperationContext ctx, PacketFilter filter, List<BlockRule> rules)
            throws PacketFilterException {
        for (BlockRule r : rules) {
            if (filter.ensurePresent(r)) {
                ctx.log().info("blocked: " + filter.name() + " " + r.key());
            }
        }
    }

    private void liftBlock(OperationContext ctx, PortblockConfig config, StateStep first, StateStep last) {
        PacketFilter filter = filter(ctx, config);
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
        try (FileMutex.Held held = lock(ctx, "portblock " + ctx.action().wireName())) {
            first.run();
            for (BlockRule r : rules) {
                if (filter.ensureAbsent(r)) {
                    ctx.log().info("unblocked: " + filter.name() + " " + r.key());
                }
            }
            filter.tidy();
            last.run();
        } catch (PacketFilterException e) {
            throw e.toOcf();
        }
    }

    private List<BlockRule> presentRules(OperationContext ctx, PortblockConfig config) {
        PacketFilter filter = filter(ctx, config);
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

    private void tickleRemote(OperationContext ctx, PortblockConfig config) {
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
                int n = dir.tickle(ip, tickleTcp.get(), ctx.runner(), ctx.deadline().cap(TICKLE_TIMEOUT));
                if (n > 0) {
                    ctx.log().info("sent tickle ACKs for " + n + " recorded connection(s) of " + ip.shortText());
                }
            } catch (IOException | CommandException e) {
                // like the stock agent: tickles only speed up reconnects, they never fail the start
                ctx.log().warn("tickle ACKs for " + ip.shortText() + " failed: " + e.getMessage());
            }
        }
    }

    private void saveConnections(OperationContext ctx, PortblockConfig config) {
        TickleDir dir = new TickleDir(config.tickleDir().get());
        if (!Files.isDirectory(dir.dir())) {
            ctx.log().warn("tickle_dir " + dir.dir() + " does not exist; connections not recorded");
            return;
        }
        SocketTable table = new SocketTable(ssPath(), ctx.runner());
        for (IpPrefix ip : config.ips()) {
            try {
                dir.save(ip, table.established(List.of(ip), config.ports()), config.syncScript(),
                        new LogSink(ctx.log(), LogLevel.WARNING));
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

    private PacketFilter filter(OperationContext ctx, PortblockConfig config) {
        try {
            return PacketFilters.create(config.firewall(), config.families(), ctx.runner(), ctx.deadline(),
                    new LogSink(ctx.log(), LogLevel.DEBUG), tools);
        } catch (PacketFilterException e) {
            throw e.toOcf();
        }
    }

    private ConnectionReset connectionReset(OperationContext ctx) {
        return new ConnectionReset(ctx.runner(), ctx.deadline(), new LogSink(ctx.log(), LogLevel.INFO), ssPath());
    }

    private static Path runDir(OperationContext ctx) {
        Optional<String> dir = ctx.env().get("TGTHA_RUN_DIR");
        return Path.of(dir.isPresent() && dir.get().startsWith("/") ? dir.get() : "/run/tgtha");
    }

    private static PseudoState pseudoState(OperationContext ctx) {
        return new PseudoState(runDir(ctx), ctx.env().resourceInstance());
    }

    private static void markActive(PseudoState state) {
        try {
            state.markActive();
        } catch (IOException e) {
            throw OcfException.generic("cannot write state file " + state.file() + ": " + e.getMessage());
        }
    }

    private static void clear(PseudoState state) {
        try {
            state.clear();
        } catch (IOException e) {
            throw OcfException.generic("cannot remove state file " + state.file() + ": " + e.getMessage());
        }
    }

    private static FileMutex.Held lock(OperationContext ctx, String note) {
        FileMutex mutex = new FileMutex(runDir(ctx).resolve("locks"), FileMutex.PACKET_FILTER);
        Deadline wait = ctx.deadline().minus(RESERVE);
        try {
            return mutex.acquire(wait, note + " " + ctx.env().resourceInstance());
        } catch (MutexTimeoutException e) {
            throw OcfException.generic("packet-filter lock busy: " + e.getMessage());
        } catch (IOException e) {
            throw OcfException.generic("cannot open packet-filter lock " + mutex.file() + ": " + e.getMessage());
        }
    }

}
