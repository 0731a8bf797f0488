// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.portblock;

import io.tgtha.packetfilter.BlockRule;
import io.tgtha.packetfilter.Direction;
import io.tgtha.packetfilter.FirewallChoice;
import io.tgtha.packetfilter.IpPrefix;
import io.tgtha.packetfilter.Method;
import io.tgtha.packetfilter.PortList;
import io.tgtha.packetfilter.Protocol;

import io.tgtha.ocf.OcfException;
import io.tgtha.ocf.param.Parameters;
import io.tgtha.ocf.text.Text;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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
        // if/else rather than Optional.orElseThrow(() -> ...) and map(...): every operation runs this,
        // and each lambda's first call costs an agent JVM that lives 50 ms about 0.3 ms to link
        Optional<Protocol> protocol = Protocol.parse(p.string("protocol"));
        if (protocol.isEmpty()) {
            throw bad("protocol", p.string("protocol"), "must be tcp or udp");
        }
        PortList ports;
        try {
            ports = PortList.parse(p.string("portno"));
        } catch (IllegalArgumentException e) {
            throw bad("portno", p.string("portno"), e.getMessage());
        }
        Optional<BlockAction> action = BlockAction.parse(p.string("action"));
        if (action.isEmpty()) {
            throw bad("action", p.string("action"), "must be block or unblock");
        }
        String ipText = p.optional("ip").orElse("0.0.0.0/0");
        List<IpPrefix> ips;
        try {
            ips = IpPrefix.parseList(ipText);
        } catch (IllegalArgumentException e) {
            throw bad("ip", ipText, e.getMessage());
        }
        Optional<Direction> direction = Direction.parse(p.optional("direction").orElse("in"));
        if (direction.isEmpty()) {
            throw bad("direction", p.optional("direction").orElse(""), "must be in, out or both");
        }
        Method method = direction.get().defaultMethod();
        Optional<String> methodText = p.optional("method");
        if (methodText.isPresent()) {
            Optional<Method> m = Method.parse(methodText.get());
            if (m.isEmpty()) {
                throw bad("method", methodText.get(), "must be reject or drop");
            }
            method = m.get();
        }
        Optional<FirewallChoice> firewall = FirewallChoice.parse(p.optional("firewall").orElse("auto"));
        if (firewall.isEmpty()) {
            throw bad("firewall", p.optional("firewall").orElse(""), "must be auto, iptables or nft");
        }
        boolean reset = p.bool("reset_local_on_unblock_stop");
        Optional<Path> tickleDir = Optional.empty();
        Optional<String> tickleText = p.optional("tickle_dir");
        if (tickleText.isPresent()) {
            String d = tickleText.get().trim();
            if (!d.startsWith("/")) {
                throw bad("tickle_dir", d, "must be an absolute path");
            }
            tickleDir = Optional.of(Path.of(d));
        }
        Optional<String> syncScript = Optional.empty();
        Optional<String> syncText = p.optional("sync_script");
        if (syncText.isPresent() && !syncText.get().trim().isEmpty()) {
            syncScript = Optional.of(syncText.get().trim());
        }
        return new PortblockConfig(protocol.get(), ports, action.get(), ips, direction.get(), method,
                firewall.get(), reset, tickleDir, syncScript);
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
        Set<IpPrefix.Family> families = new HashSet<>();
        for (IpPrefix ip : ips) {
            families.add(ip.family());
        }
        return Set.copyOf(families);
    }

    /** True when the rules themselves reset the target's own TCP segments, so its sockets can be destroyed too. */
    public boolean resetsOwnConnections() {
        return protocol == Protocol.TCP && method == Method.REJECT && direction != Direction.IN;
    }
}
