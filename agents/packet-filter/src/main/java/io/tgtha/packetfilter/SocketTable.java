// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.packetfilter;

import io.tgtha.ocf.exec.Command;
import io.tgtha.ocf.exec.CommandException;
import io.tgtha.ocf.exec.CommandResult;
import io.tgtha.ocf.exec.CommandRunner;
import io.tgtha.ocf.text.Text;
import io.tgtha.process.AsciiSet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The local TCP sockets of some addresses and ports, through ss(8): listing them, and destroying
 * them with {@code ss -K} (SOCK_DESTROY), which aborts a socket at once whatever state its
 * retransmission timer is in.
 */
public record SocketTable(String ss, CommandRunner runner) {
    /** Every state that can hold a peer's data or ours; TIME-WAIT holds none and cannot be destroyed. */
    static final List<String> LIVE_STATES = List.of("state", "connected", "exclude", "time-wait");
    private static final Duration SS_TIMEOUT = Duration.ofSeconds(5);

    /** Live sockets whose local address is in {@code ips} and local port in {@code ports}. */
    public List<TcpConnection> list(List<IpPrefix> ips, PortList ports) throws CommandException {
        return query(ips, ports, List.of(), LIVE_STATES, false);
    }

    /** Live sockets as {@link #list(List, PortList)}, and whose peer address is in {@code peers} (none: any). */
    public List<TcpConnection> list(List<IpPrefix> ips, PortList ports, List<IpPrefix> peers) throws CommandException {
        return query(ips, ports, peers, LIVE_STATES, false);
    }

    /** Destroys the live sockets of {@link #list(List, PortList, List)}; @return how many ss reported destroyed */
    public int destroy(List<IpPrefix> ips, PortList ports, List<IpPrefix> peers) throws CommandException {
        return query(ips, ports, peers, LIVE_STATES, true).size();
    }

    /** Established connections only: what tickle_dir records. */
    public List<TcpConnection> established(List<IpPrefix> ips, PortList ports) throws CommandException {
        return query(ips, ports, List.of(), List.of("state", "established"), false);
    }

    /** Destroys the live sockets; @return how many ss reported as destroyed */
    public int destroy(List<IpPrefix> ips, PortList ports) throws CommandException {
        return query(ips, ports, List.of(), LIVE_STATES, true).size();
    }

    private List<TcpConnection> query(List<IpPrefix> ips, PortList ports, List<IpPrefix> peers, List<String> states,
                                      boolean kill)
            throws CommandException {
        List<TcpConnection> all = new ArrayList<>();
        for (IpPrefix.Family family : IpPrefix.Family.values()) {
            List<IpPrefix> mine = ips.stream().filter(p -> p.family() == family).toList();
            List<IpPrefix> theirs = peers.stream().filter(p -> p.family() == family).toList();
            if (mine.isEmpty() || !peers.isEmpty() && theirs.isEmpty()) {
                continue;
            }
            List<String> argv = new ArrayList<>(List.of(ss, "-H", "-t", "-n",
                    family == IpPrefix.Family.IPV4 ? "-4" : "-6"));
            if (kill) {
                argv.add("-K");
            }
            argv.addAll(states);
            argv.add(theirs.isEmpty() ? filter(mine, ports) : filter(mine, ports) + " and ( " + peerFilter(theirs) + " )");
            CommandResult r = runner.run(Command.of(SS_TIMEOUT, argv));
            all.addAll(parse(r.stdout()));
        }
        return all;
    }

    /** An ss filter: local port in the list and, unless one prefix is "any", local address in one of them. */
    static String filter(List<IpPrefix> sameFamily, PortList ports) {
        String portPart = ports.ssLocalPortFilter();
        if (sameFamily.stream().anyMatch(IpPrefix::isAny)) {
            return portPart;
        }
        return portPart + " and ( " + joined("src ", sameFamily) + " )";
    }

    private static String peerFilter(List<IpPrefix> peers) {
        return joined("dst ", peers);
    }

    /** {@code src A or src B}: one ss condition per prefix. */
    private static String joined(String condition, List<IpPrefix> prefixes) {
        return prefixes.stream().map(p -> condition + ssAddress(p)).collect(Collectors.joining(" or "));
    }

    /** ss wants IPv6 hosts in brackets ({@code [fd00::1]}) but networks bare ({@code fd00::/64}). */
    static String ssAddress(IpPrefix p) {
        if (p.family() == IpPrefix.Family.IPV6 && p.isHost()) {
            return "[" + p.addressText() + "]";
        }
        return p.shortText();
    }

    /**
     * Lines of {@code ss -H -t -n state ...}: with a state filter ss leaves out the State column, so a
     * line is {@code Recv-Q Send-Q Local:Port Peer:Port}; without one it starts with the state.
     */
    public static List<TcpConnection> parse(String out) {
        List<TcpConnection> list = new ArrayList<>();
        for (String line : out.split("\n")) {
            // trim() first: it also drops leading/trailing control characters that are not whitespace
            List<String> f = Text.words(line.trim());
            if (f.size() < 4) {
                continue;
            }
            int q = isNumber(f.get(0)) ? 0 : 1;
            if (f.size() < q + 4 || !isNumber(f.get(q)) || !isNumber(f.get(q + 1))) {
                continue;
            }
            list.add(new TcpConnection(f.get(q + 2), f.get(q + 3),
                    Long.parseLong(f.get(q)), Long.parseLong(f.get(q + 1))));
        }
        return list;
    }

    /** One or more ASCII digits (a queue size column). */
    private static boolean isNumber(String s) {
        return AsciiSet.DIGITS.matchesAll(s);
    }
}
