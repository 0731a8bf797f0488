// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.packetfilter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One packet-filter rule portblock owns: chain, protocol, address, ports and verdict. Both back ends
 * render it from here, and {@link #key()} is its identity: two instances that configure the same
 * rule (the block and unblock instances of one port) share it, as the stock agent's do.
 */
public record BlockRule(Chain chain, Protocol protocol, IpPrefix ip, PortList ports, Method method, IpPrefix peer) {
    /** {@code peer}: the remote address the rule is limited to (the initiator of a drain), or null for any. */
    public BlockRule {
        if (peer != null && peer.family() != ip.family()) {
            throw new IllegalArgumentException("peer " + peer.cidr() + " and address " + ip.cidr() + " differ in family");
        }
    }

    public BlockRule(Chain chain, Protocol protocol, IpPrefix ip, PortList ports, Method method) {
        this(chain, protocol, ip, ports, method, null);
    }

    /** Marks every rule we add, so operators and `tgtha` can tell ours from anyone else's. */
    public static final String MARK = "tgtha-portblock";

    /** The rules for one configuration: per address, per chain. */
    public static List<BlockRule> of(Protocol protocol, List<IpPrefix> ips, PortList ports, Direction direction,
                                     Method method) {
        List<BlockRule> rules = new ArrayList<>();
        for (IpPrefix ip : ips) {
            for (Chain chain : direction.chains()) {
                rules.add(new BlockRule(chain, protocol, ip, ports, method));
            }
        }
        return List.copyOf(rules);
    }

    /**
     * The drain's reset rules: on OUTPUT, the service's TCP {@code ports} towards each of {@code peers}, from each
     * of {@code locals} of the peer's family (from any local address when none is of that family).
     */
    public static List<BlockRule> resetTowards(List<IpPrefix> peers, List<IpPrefix> locals, PortList ports) {
        List<BlockRule> rules = new ArrayList<>();
        for (IpPrefix peer : peers) {
            List<IpPrefix> sameFamily = new ArrayList<>();
            for (IpPrefix l : locals) {
                if (l.family() == peer.family()) {
                    sameFamily.add(l);
                }
            }
            if (sameFamily.isEmpty()) {
                sameFamily.add(IpPrefix.any(peer.family()));
            }
            for (IpPrefix local : sameFamily) {
                rules.add(new BlockRule(Chain.OUTPUT, Protocol.TCP, local, ports, Method.REJECT, peer));
            }
        }
        return List.copyOf(rules);
    }

    public IpPrefix.Family family() {
        return ip.family();
    }

    /** Human-readable identity, e.g. {@code output tcp 10.0.0.1/32 3260 reject} (plus {@code peer 10.0.0.5/32}). */
    public String key() {
        return chain.nftName() + " " + protocol.wireName() + " " + ip.cidr() + " " + ports.iptables() + " "
                + method.name().toLowerCase(java.util.Locale.ROOT) + (peer == null ? "" : " peer " + peer.cidr());
    }

    /**
     * The rule specification after {@code -A CHAIN}, in the order iptables -S prints it, so a line of
     * -S output can be compared with it literally.
     */
    public List<String> iptablesSpec() {
        List<String> spec = new ArrayList<>();
        // iptables -S prints -s before -d; the local address is -s on OUTPUT, the peer then is -d
        String local = ip.isAny() ? null : ip.cidr();
        String remote = peer == null ? null : peer.cidr();
        String source = chain.addressFlag().equals("s") ? local : remote;
        String destination = chain.addressFlag().equals("s") ? remote : local;
        if (source != null) {
            spec.add("-s");
            spec.add(source);
        }
        if (destination != null) {
            spec.add("-d");
            spec.add(destination);
        }
        spec.add("-p");
        spec.add(protocol.wireName());
        spec.add("-m");
        spec.add("multiport");
        spec.add("--" + chain.addressFlag() + "ports");
        spec.add(ports.iptables());
        spec.add("-m");
        spec.add("comment");
        spec.add("--comment");
        spec.add(MARK);
        spec.add("-j");
        if (method == Method.DROP) {
            spec.add("DROP");
        } else {
            spec.add("REJECT");
            spec.add("--reject-with");
            spec.add(protocol == Protocol.TCP ? "tcp-reset"
                    : family() == IpPrefix.Family.IPV4 ? "icmp-port-unreachable" : "icmp6-port-unreachable");
        }
        return spec;
    }

    /** The comment that identifies the rule in nft (at most 128 bytes there). */
    public String nftComment() {
        String readable = MARK + " " + key();
        if (readable.length() <= 120) {
            return readable;
        }
        return MARK + " " + chain.nftName() + " #" + digest(key());
    }

    /** The rule's statement for {@code nft add rule inet TABLE CHAIN ...}, without the comment. */
    public List<String> nftStatement() {
        List<String> s = new ArrayList<>();
        String l3 = family() == IpPrefix.Family.IPV4 ? "ip" : "ip6";
        if (ip.isAny()) {
            s.add("meta");
            s.add("nfproto");
            s.add(family() == IpPrefix.Family.IPV4 ? "ipv4" : "ipv6");
        } else {
            s.add(l3);
            s.add(chain.nftAddressField());
            s.add(ip.shortText());
        }
        if (peer != null) {
            s.add(l3);
            s.add(chain.nftAddressField().equals("saddr") ? "daddr" : "saddr");
            s.add(peer.shortText());
        }
        s.add(protocol.wireName());
        s.add(chain.nftPortField());
        s.add(ports.nft());
        if (method == Method.DROP) {
            s.add("drop");
        } else if (protocol == Protocol.TCP) {
            s.add("reject");
            s.add("with");
            s.add("tcp");
            s.add("reset");
        } else {
            s.add("reject");
        }
        return s;
    }

    private static String digest(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    @Override
    public String toString() {
        return key();
    }
}
