package io.tgtha.agent.portblock;

import io.tgtha.ocf.OcfException;
import io.tgtha.ocf.param.Parameters;
import io.tgtha.ocf.text.Text;

import java.nio.file.Path;
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
     * Reads the parameters. Every problem is ERR_CONFIGURED with a one-line reason naming the parameter
     * (the per-parameter checks in the meta-data specs have usually caught it already).
     */
    public static PortblockConfig from(Parameters p) {
        Protocol protocol = Protocol.parse(p.string("protocol"))
                .orElseThrow(() -> bad("protocol", p.string("protocol"), "must be tcp or udp"));
        PortList ports;
        try {
            ports = PortList.parse(p.string("portno"));
        } catch (IllegalArgumentException e) {
            throw bad("portno", p.string("portno"), e.getMessage());
        }
        BlockAction action = BlockAction.parse(p.string("action"))
                .orElseThrow(() -> bad("action", p.string("action"), "must be block or unblock"));
        String ipText = p.optional("ip").orElse("0.0.0.0/0");
        List<IpPrefix> ips;
        try {
            ips = IpPrefix.parseList(ipText);
        } catch (IllegalArgumentException e) {
            throw bad("ip", ipText, e.getMessage());
        }
        Direction direction = Direction.parse(p.optional("direction").orElse("in"))
                .orElseThrow(() -> bad("direction", p.optional("direction").orElse(""), "must be in, out or both"));
        Method method = p.optional("method").map(m -> Method.parse(m)
                        .orElseThrow(() -> bad("method", m, "must be reject or drop")))
                .orElse(direction.defaultMethod());
        FirewallChoice firewall = FirewallChoice.parse(p.optional("firewall").orElse("auto"))
                .orElseThrow(() -> bad("firewall", p.optional("firewall").orElse(""), "must be auto, iptables or nft"));
        boolean reset = p.bool("reset_local_on_unblock_stop");
        Optional<Path> tickleDir = p.optional("tickle_dir").map(String::trim).map(d -> {
            if (!d.startsWith("/")) {
                throw bad("tickle_dir", d, "must be an absolute path");
            }
            return Path.of(d);
        });
        Optional<String> syncScript = p.optional("sync_script").map(String::trim).filter(s -> !s.isEmpty());
        return new PortblockConfig(protocol, ports, action, ips, direction, method, firewall, reset, tickleDir,
                syncScript);
    }

    private static OcfException bad(String name, String value, String problem) {
        String shown = Text.printable(value);
        if (shown.length() > 60) {
            shown = shown.substring(0, 57) + "...";
        }
        return OcfException.configured("parameter '" + name + "' '" + shown + "': " + problem);
    }

    /**
     * Settings that have no effect in this combination. Not errors: configurations written for the stock
     * agent often give the block and unblock instances the same options, and the stock agent only
     * complains in validate-all; failing a start over an option that changes nothing would be worse.
     */
    public List<String> ignoredSettings() {
        List<String> ignored = new java.util.ArrayList<>();
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

    /** True when the rules themselves reset the target's own TCP segments, so its sockets can be destroyed too. */
    public boolean resetsOwnConnections() {
        return protocol == Protocol.TCP && method == Method.REJECT && direction != Direction.IN;
    }
}
