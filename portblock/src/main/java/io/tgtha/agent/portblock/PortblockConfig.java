// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.portblock;

import io.tgtha.packetfilter.BlockRule;
import io.tgtha.packetfilter.Direction;
import io.tgtha.packetfilter.FirewallChoice;
import io.tgtha.packetfilter.IpPrefix;
import io.tgtha.packetfilter.Method;
import io.tgtha.packetfilter.PortList;
import io.tgtha.packetfilter.Protocol;

import io.tgtha.ocf.param.Parameters;
import io.tgtha.ocf.text.Text;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The parameters of one portblock instance, parsed and checked. */
public record PortblockConfig(Protocol protocol, PortList ports, BlockAction action, List<IpPrefix> ips,
                              Direction direction, Method method, FirewallChoice firewall,
                              boolean resetLocalOnUnblockStop, Optional<Path> tickleDir,
                              Optional<String> syncScript) {

    /**
     * The configuration from parameters the declared checks (PortblockAgent's specs, run by AgentRunner before
     * {@code configure}) have accepted; the parsers here are the ones those checks ran.
     */
    public static PortblockConfig from(Parameters p) {
        Direction direction = Direction.parse(p.optional("direction").orElse("in")).orElseThrow();
        return new PortblockConfig(
                Protocol.parse(p.string("protocol")).orElseThrow(),
                PortList.parse(p.string("portno")),
                BlockAction.parse(p.string("action")).orElseThrow(),
                IpPrefix.parseList(p.optional("ip").orElse("0.0.0.0/0")),
                direction,
                p.optional("method").map(m -> Method.parse(m).orElseThrow()).orElse(direction.defaultMethod()),
                FirewallChoice.parse(p.optional("firewall").orElse("auto")).orElseThrow(),
                p.bool("reset_local_on_unblock_stop"),
                p.optional("tickle_dir").map(d -> Path.of(d.trim())),
                p.optional("sync_script").map(String::trim).filter(s -> !s.isEmpty()));
    }

    /**
     * Settings that have no effect in this combination. Not errors: configurations written for the stock
     * agent often give the block and unblock instances the same options, and the stock agent only
     * complains in validate-all; failing a start over an option that changes nothing would be worse.
     */
    public List<String> ignoredSettings() {
        List<String> ignored = new ArrayList<>();
        if (tickleDir.isPresent() && action != BlockAction.UNBLOCK) {
            ignored.add("tickle_dir is only used with action=unblock");
        }
        if (tickleDir.isPresent() && protocol != Protocol.TCP) {
            ignored.add("tickle_dir only works for tcp");
        }
        if (resetLocalOnUnblockStop && action != BlockAction.UNBLOCK) {
            ignored.add("reset_local_on_unblock_stop is only relevant with action=unblock");
        }
        if (resetLocalOnUnblockStop && protocol != Protocol.TCP) {
            ignored.add("reset_local_on_unblock_stop only works for tcp");
        }
        if (syncScript.isPresent() && tickleDir.isEmpty()) {
            ignored.add("sync_script is only used together with tickle_dir");
        }
        return ignored;
    }

    /** True when this instance records and tickles connections. */
    public boolean tickles() {
        return tickleDir.isPresent() && action == BlockAction.UNBLOCK && protocol == Protocol.TCP;
    }

    /** The rules this instance puts in place (block start, unblock stop) or takes away. */
    public List<BlockRule> rules() {
        return BlockRule.of(protocol, ips, ports, direction, method);
    }

    public Set<IpPrefix.Family> families() {
        return ips.stream().map(IpPrefix::family).collect(Collectors.toUnmodifiableSet());
    }

    /** The program sync_script runs: its first word (it may be a command with arguments, e.g. "csync2 -xv"). */
    public Optional<String> syncProgram() {
        return syncScript.map(script -> Text.words(script).get(0));
    }

    /** True when the rules themselves reset the target's own TCP segments, so its sockets can be destroyed too. */
    public boolean resetsOwnConnections() {
        return protocol == Protocol.TCP && method == Method.REJECT && direction != Direction.IN;
    }
}
