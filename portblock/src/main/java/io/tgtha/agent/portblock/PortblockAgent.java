// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.portblock;

import io.tgtha.packetfilter.Direction;
import io.tgtha.packetfilter.Executables;
import io.tgtha.packetfilter.FirewallChoice;
import io.tgtha.packetfilter.IpPrefix;
import io.tgtha.packetfilter.Method;
import io.tgtha.packetfilter.PacketFilterException;
import io.tgtha.packetfilter.PacketFilters;
import io.tgtha.packetfilter.PortList;
import io.tgtha.packetfilter.Protocol;

import io.tgtha.ocf.OcfAction;
import io.tgtha.ocf.OcfException;
import io.tgtha.ocf.OcfExitCode;
import io.tgtha.ocf.agent.AgentRunner;
import io.tgtha.ocf.agent.OperationContext;
import io.tgtha.ocf.agent.ConfiguredAgent;
import io.tgtha.ocf.meta.ActionSpec;
import io.tgtha.ocf.meta.AgentMetadata;
import io.tgtha.ocf.meta.TgthaVersion;
import io.tgtha.ocf.param.ParameterSpec;
import io.tgtha.ocf.param.ValueCheck;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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
public final class PortblockAgent implements ConfiguredAgent<PortblockConfig> {
    static final String NAME = "portblock";

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
                            .check(ValueCheck.that(v -> Protocol.parse(v).isPresent(), "must be tcp or udp")).build(),
                    ParameterSpec.string("portno").required()
                            .shortdesc("portno")
                            .longdesc("The ports to block or unblock: a comma-separated list of ports and "
                                    + "ranges, e.g. 3260 or 3260,5000:5010 (at most 15 ports, a range "
                                    + "counting as two).")
                            .check(ValueCheck.parsedBy(PortList::parse)).build(),
                    ParameterSpec.string("action").required()
                            .shortdesc("action")
                            .longdesc("block: the rules are in place while this instance is started. "
                                    + "unblock: they are lifted while it is started and put back when it stops.")
                            .check(ValueCheck.that(v -> BlockAction.parse(v).isPresent(), "must be block or unblock"))
                            .build(),
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
                            .check(ValueCheck.parsedBy(IpPrefix::parseList)).build(),
                    ParameterSpec.string("tickle_dir")
                            .shortdesc("Tickle directory")
                            .longdesc("Only with action=unblock and tcp: an absolute path to a directory "
                                    + "(shared, or replicated with sync_script) where monitor records the "
                                    + "established connections, which get tickle ACKs on start elsewhere.")
                            .absolutePath().build(),
                    ParameterSpec.string("sync_script")
                            .shortdesc("Connection state file synchronization script")
                            .longdesc("If tickle_dir is a local directory: a command run in the background "
                                    + "with the state file as its single argument, e.g. \"csync2 -xv\".")
                            .build(),
                    ParameterSpec.string("direction").defaultValue("in")
                            .shortdesc("Whether to block incoming or outgoing traffic, or both")
                            .longdesc("in: packets to the ports (INPUT). out: the target's own packets from "
                                    + "the ports (OUTPUT). both: both.")
                            .check(ValueCheck.that(v -> Direction.parse(v).isPresent(), "must be in, out or both")).build(),
                    ParameterSpec.string("method")
                            .shortdesc("drop or reject")
                            .longdesc("drop: silently discard blocked packets. reject: answer them with a TCP "
                                    + "reset (ICMP port unreachable for udp). Default: drop for direction=in "
                                    + "(as the stock agent), reject for out and both.")
                            .check(ValueCheck.that(v -> Method.parse(v).isPresent(), "must be reject or drop")).build(),
                    ParameterSpec.string("firewall").defaultValue("auto")
                            .shortdesc("iptables, nft or auto")
                            .longdesc("The packet filter to drive: iptables (ip6tables for IPv6; either "
                                    + "back end), nft (a table of its own, inet tgtha_portblock), or auto "
                                    + "(iptables when installed, else nft). The block and unblock instances "
                                    + "of a port must use the same.")
                            .check(ValueCheck.that(v -> FirewallChoice.parse(v).isPresent(),
                                    "must be auto, iptables or nft")).build()),
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
        this(Executables::find);
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

    @Override
    public AgentMetadata metadata() {
        return METADATA;
    }

    @Override
    public PortblockConfig configure(OperationContext ctx) {
        return PortblockConfig.from(ctx.params());
    }

    @Override
    public void validate(OperationContext ctx, PortblockConfig config) {
        if (ctx.isValidateAll() || ctx.action() == OcfAction.START) {
            config.ignoredSettings().forEach(ignored -> ctx.log().warn(ignored + "; ignored"));
        }
        try {
            PacketFilters.create(config.firewall(), config.families(), ctx.runner(), ctx.deadline(), line -> { },
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
            Path dir = config.tickleDir().orElseThrow();
            if (!Files.isDirectory(dir)) {
                throw OcfException.installed("tickle_dir " + dir + " does not exist");
            }
            Optional<String> program = config.syncProgram();
            if (program.isPresent() && tools.apply(program.get()).isEmpty()) {
                throw OcfException.installed("sync_script: " + program.get() + " is not installed");
            }
        }
    }

    @Override
    public OcfExitCode start(OperationContext ctx, PortblockConfig config) {
        return new PortblockStart(new PortblockOperation(ctx, config, tools)).run();
    }

    @Override
    public OcfExitCode stop(OperationContext ctx, PortblockConfig config) {
        return new PortblockStop(new PortblockOperation(ctx, config, tools)).run();
    }

    @Override
    public OcfExitCode monitor(OperationContext ctx, PortblockConfig config) {
        return new PortblockMonitor(new PortblockOperation(ctx, config, tools)).run();
    }
}
