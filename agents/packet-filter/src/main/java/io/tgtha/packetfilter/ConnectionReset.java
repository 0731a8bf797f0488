// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.packetfilter;

import io.tgtha.ocf.Deadline;
import io.tgtha.ocf.exec.CommandException;
import io.tgtha.ocf.exec.CommandRunner;
import io.tgtha.ocf.lock.FileMutex;
import io.tgtha.ocf.lock.MutexTimeoutException;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Ends the local TCP connections of some ports and addresses now, not after the kernel gives up.
 *
 * <p>Two parts, because neither is enough alone. A {@code REJECT --reject-with tcp-reset} rule on
 * OUTPUT (source port = the service port) turns every segment the service still sends into a reset,
 * and answers new handshakes the same way. But a connection only meets the rule when it sends: an
 * idle one never does, and one in retransmission back-off may not for many seconds, with its Send-Q
 * full. {@code ss -K} (SOCK_DESTROY) aborts those sockets at once. The rule stays in place while the
 * sockets are destroyed, so nothing reconnects in between.
 *
 * <p>Usable without an OCF operation (the {@code tgtha drain} command): plain runner, deadline, log sink.
 */
public final class ConnectionReset {
    /** What was done: sockets destroyed, live ones left (and their unsent bytes), time taken. */
    public record Outcome(int destroyed, int remaining, long sendQLeft, Duration took) {
        public boolean clean() {
            return remaining == 0;
        }
    }

    private final CommandRunner runner;
    private final Deadline deadline;
    private final Consumer<String> log;
    private final SocketTable sockets;

    public ConnectionReset(CommandRunner runner, Deadline deadline, Consumer<String> log) {
        this(runner, deadline, log, ssPath(Executables.find("ss")));
    }

    public ConnectionReset(CommandRunner runner, Deadline deadline, Consumer<String> log, String ssPath) {
        this.runner = runner;
        this.deadline = deadline;
        this.log = log;
        this.sockets = new SocketTable(ssPath, runner);
    }

    /** The ss found, else plain "ss" (then the runner reports it as not installed). */
    public static String ssPath(Optional<Path> found) {
        return found.isPresent() ? found.get().toString() : "ss";
    }

    /** The OUTPUT reset rules for these addresses and ports (TCP). */
    public static List<BlockRule> resetRules(List<IpPrefix> ips, PortList ports) {
        return BlockRule.of(Protocol.TCP, ips, ports, Direction.OUT, Method.REJECT);
    }

    /**
     * Destroys live sockets (local address in {@code ips}, local port in {@code ports}) until none
     * is left or {@code within} (capped by the deadline) has passed. Does not touch the packet filter.
     */
    public Outcome destroySockets(List<IpPrefix> ips, PortList ports, Duration within) throws CommandException {
        Outcome o = destroyUntilGone(ips, ports, List.of(), within);
        log.accept("reset " + ports + " on " + ips + ": " + o.destroyed() + " socket(s) destroyed, "
                + o.remaining() + " left" + (o.remaining() > 0 ? " holding " + o.sendQLeft() + " unsent bytes" : ""));
        return o;
    }

    /** A step run while the reset rules are in place (e.g. adding the agent's own block rules). */
    @FunctionalInterface
    public interface WhileInPlace {
        void run() throws PacketFilterException, CommandException;
    }

    /**
     * Puts the reset rules in place, destroys the sockets, runs {@code step}, destroys again (what
     * slipped in meanwhile), then removes those reset rules this call added unless {@code keepRules}
     * or they are in {@code alsoWanted}. The caller holds {@link FileMutex#PACKET_FILTER}.
     */
    public Outcome resetWithRules(PacketFilter filter, List<IpPrefix> ips, PortList ports, boolean keepRules,
                                  Set<BlockRule> alsoWanted, Duration within, WhileInPlace step)
            throws PacketFilterException, CommandException {
        List<BlockRule> added = new ArrayList<>();
        try {
            for (BlockRule r : resetRules(ips, ports)) {
                if (filter.ensurePresent(r) && !alsoWanted.contains(r)) {
                    added.add(r);
                }
            }
            Outcome first = destroySockets(ips, ports, within);
            if (step != null) {
                step.run();
                Outcome second = destroySockets(ips, ports, within.dividedBy(2));
                return new Outcome(first.destroyed() + second.destroyed(), second.remaining(),
                        second.sendQLeft(), first.took().plus(second.took()));
            }
            return first;
        } finally {
            if (!keepRules) {
                for (BlockRule r : added) {
                    filter.ensureAbsent(r);
                }
                filter.tidy();
            }
        }
    }

    /**
     * The operator's drain: takes {@link FileMutex#PACKET_FILTER} itself, adds the reset rules,
     * destroys the sockets, and keeps the rules only when {@code keepBlocked}.
     *
     * @param ips   comma-separated addresses or networks ("0.0.0.0/0" for every IPv4 address)
     * @param ports portno syntax, e.g. "3260" or "3260,5000:5010"
     */
    public Outcome drain(String ips, String ports, boolean keepBlocked, FirewallChoice firewall, FileMutex mutex)
            throws PacketFilterException, CommandException, MutexTimeoutException, IOException {
        List<IpPrefix> prefixes = IpPrefix.parseList(ips);
        PortList portList = PortList.parse(ports);
        List<IpPrefix.Family> families = new ArrayList<>();
        for (IpPrefix p : prefixes) {
            if (!families.contains(p.family())) {
                families.add(p.family());
            }
        }
        PacketFilter filter = PacketFilters.create(firewall, families, runner, deadline, log);
        try (FileMutex.Held held = mutex.acquire(deadline, "tgtha drain " + ports)) {
            return resetWithRules(filter, prefixes, portList, keepBlocked, Set.of(),
                    deadline.remaining().dividedBy(2), null);
        }
    }

    /** {@link #drain(String, String, boolean, FirewallChoice, FileMutex)} with firewall=auto and the node's lock. */
    public Outcome drain(String ips, String ports, boolean keepBlocked)
            throws PacketFilterException, CommandException, MutexTimeoutException, IOException {
        return drain(ips, ports, keepBlocked, FirewallChoice.AUTO,
                new FileMutex(FileMutex.defaultLockDir(), FileMutex.PACKET_FILTER));
    }

    /**
     * The drain of chosen initiators: takes {@link FileMutex#PACKET_FILTER}, puts the reset rules towards
     * {@code peers} in place ({@link BlockRule#resetTowards}) and destroys their sockets (local port in
     * {@code ports}, local address in {@code locals}, or any when empty). The rules stay until
     * {@link #liftTowards}: other targets' initiators on the same portal are not touched.
     */
    public Outcome resetTowards(List<IpPrefix> peers, List<IpPrefix> locals, PortList ports, FirewallChoice firewall,
                                FileMutex mutex)
            throws PacketFilterException, CommandException, MutexTimeoutException, IOException {
        List<BlockRule> rules = BlockRule.resetTowards(peers, locals, ports);
        PacketFilter filter = PacketFilters.create(firewall, families(rules), runner, deadline, log);
        try (FileMutex.Held held = mutex.acquire(deadline, "tgtha drain: reset " + ports)) {
            for (BlockRule r : rules) {
                filter.ensurePresent(r);
            }
            return destroyTowards(peers, locals, ports, deadline.remaining().dividedBy(2));
        }
    }

    /** Destroys the sockets of {@link #resetTowards} again (what reconnected meanwhile); changes no rule. */
    public Outcome destroyTowards(List<IpPrefix> peers, List<IpPrefix> locals, PortList ports, Duration within)
            throws CommandException {
        List<IpPrefix> localsOrAny = new ArrayList<>(locals);
        if (localsOrAny.isEmpty()) {
            localsOrAny.add(IpPrefix.any(IpPrefix.Family.IPV4));
            localsOrAny.add(IpPrefix.any(IpPrefix.Family.IPV6));
        }
        return destroyUntilGone(localsOrAny, ports, peers, within);
    }

    /**
     * Destroys the live sockets (local address in {@code ips}, local port in {@code ports}, peer in
     * {@code peers}, none: any) until none is left or {@code within} (capped by the deadline) has passed.
     */
    private Outcome destroyUntilGone(List<IpPrefix> ips, PortList ports, List<IpPrefix> peers, Duration within)
            throws CommandException {
        long start = System.nanoTime();
        Deadline until = Deadline.after(deadline.cap(within));
        int destroyed = 0;
        List<TcpConnection> left;
        long pause = 10;
        while (true) {
            destroyed += sockets.destroy(ips, ports, peers);
            left = sockets.list(ips, ports, peers);
            if (left.isEmpty() || until.expired()) {
                break;
            }
            // a socket that ss could not destroy yet (e.g. mid-handshake) is retried briefly
            sleep(Math.min(pause, until.remaining().toMillis()));
            pause = Math.min(pause * 2, 100);
        }
        long sendQ = 0;
        for (TcpConnection c : left) {
            sendQ += c.sendQ();
        }
        return new Outcome(destroyed, left.size(), sendQ, Duration.ofNanos(System.nanoTime() - start));
    }

    /** Removes the rules of {@link #resetTowards}, duplicates included; idempotent. */
    public void liftTowards(List<IpPrefix> peers, List<IpPrefix> locals, PortList ports, FirewallChoice firewall,
                            FileMutex mutex) throws PacketFilterException, MutexTimeoutException, IOException {
        List<BlockRule> rules = BlockRule.resetTowards(peers, locals, ports);
        PacketFilter filter = PacketFilters.create(firewall, families(rules), runner, deadline, log);
        try (FileMutex.Held held = mutex.acquire(deadline, "tgtha drain: lift " + ports)) {
            for (BlockRule r : rules) {
                filter.ensureAbsent(r);
            }
            filter.tidy();
        }
    }

    private static List<IpPrefix.Family> families(List<BlockRule> rules) {
        List<IpPrefix.Family> families = new ArrayList<>();
        for (BlockRule r : rules) {
            if (!families.contains(r.family())) {
                families.add(r.family());
            }
        }
        return families;
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
