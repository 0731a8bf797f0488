// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.packetfilter;

import io.tgtha.ocf.Deadline;
import io.tgtha.ocf.exec.CommandRunner;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/** Picks and builds the packet-filter back end for a firewall choice and the address families in use. */
public final class PacketFilters {
    private PacketFilters() {
    }

    /**
     * @throws PacketFilterException NOT_INSTALLED naming the missing tool
     */
    public static PacketFilter create(FirewallChoice choice, Collection<IpPrefix.Family> families,
                                      CommandRunner runner, Deadline deadline, Consumer<String> debug)
            throws PacketFilterException {
        return create(choice, families, runner, deadline, debug, Executables::find);
    }

    /** @param tools finds an executable by name (tests simulate missing tools with it) */
    public static PacketFilter create(FirewallChoice choice, Collection<IpPrefix.Family> families,
                                      CommandRunner runner, Deadline deadline, Consumer<String> debug,
                                      Function<String, Optional<Path>> tools)
            throws PacketFilterException {
        FirewallChoice resolved = resolve(choice, families, tools);
        if (resolved == FirewallChoice.NFT) {
            Path nft = require(tools, "nft", "firewall=nft");
            return new NftFilter(nft.toString(), runner, deadline, debug);
        }
        String why = choice == FirewallChoice.AUTO ? "firewall=auto and nft is not installed either"
                : "firewall=iptables";
        String v4 = families.contains(IpPrefix.Family.IPV4) ? require(tools, "iptables", why).toString() : "iptables";
        String v6 = families.contains(IpPrefix.Family.IPV6) ? require(tools, "ip6tables", why).toString() : "ip6tables";
        return new IptablesFilter(v4, v6, runner, deadline, debug);
    }

    /**
     * auto: iptables when every needed iptables binary is there (the tool a drop-in for the stock agent
     * is expected to drive, and what operators look at), else nft when that is there.
     */
    static FirewallChoice resolve(FirewallChoice choice, Collection<IpPrefix.Family> families,
                                  Function<String, Optional<Path>> tools) {
        if (choice != FirewallChoice.AUTO) {
            return choice;
        }
        boolean iptablesComplete = (!families.contains(IpPrefix.Family.IPV4) || tools.apply("iptables").isPresent())
                && (!families.contains(IpPrefix.Family.IPV6) || tools.apply("ip6tables").isPresent());
        if (iptablesComplete) {
            return FirewallChoice.IPTABLES;
        }
        return tools.apply("nft").isPresent() ? FirewallChoice.NFT : FirewallChoice.IPTABLES;
    }

    private static Path require(Function<String, Optional<Path>> tools, String tool, String why)
            throws PacketFilterException {
        Optional<Path> p = tools.apply(tool);
        if (p.isEmpty()) {
            throw new PacketFilterException(PacketFilterException.Kind.NOT_INSTALLED,
                    why + " but " + tool + " is not installed", null);
        }
        return p.get();
    }
}
