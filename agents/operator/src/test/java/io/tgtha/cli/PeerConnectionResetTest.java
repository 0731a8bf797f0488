// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import io.tgtha.cli.net.PeerConnectionReset;
import io.tgtha.cli.net.ResetScope;
import io.tgtha.cli.net.SsParser;
import io.tgtha.ocf.Deadline;
import io.tgtha.ocf.exec.Command;
import io.tgtha.ocf.exec.CommandFailedException;
import io.tgtha.ocf.exec.CommandResult;
import io.tgtha.ocf.exec.CommandRunner;
import io.tgtha.ocf.lock.FileMutex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The drain of chosen initiators through the packet-filter library: rule shape (one OUTPUT reset rule per
 * initiator, and per portal of its family when known), idempotence, removal, and the packet-filter mutex.
 */
class PeerConnectionResetTest {
    @TempDir
    Path locks;

    /** iptables and ip6tables in memory (-S lists, -C checks, -I adds, -D removes), and every call recorded. */
    static final class FakeIptables implements CommandRunner {
        final List<List<String>> calls = new ArrayList<>();
        final List<String> rules = new ArrayList<>();

        @Override
        public CommandResult run(Command c) throws CommandFailedException {
            calls.add(c.argv());
            List<String> a = c.argv();
            String tool = Path.of(a.get(0)).getFileName().toString();
            int code = 0;
            String out = "";
            if (tool.equals("iptables") || tool.equals("ip6tables")) {
                String op = a.get(3);
                String chain = a.get(4);
                List<String> spec = new ArrayList<>(a.subList(op.equals("-I") ? 6 : 5, a.size()));
                String rule = tool + " -A " + chain + " " + String.join(" ", spec);
                switch (op) {
                    case "-S" -> out = String.join("\n", rules.stream().filter(r -> r.startsWith(tool + " -A " + chain))
                            .map(r -> r.substring(tool.length() + 1)).toList());
                    case "-C" -> code = rules.contains(rule) ? 0 : 1;
                    case "-I" -> rules.add(0, rule);
                    case "-D" -> code = rules.remove(rule) ? 0 : 1;
                    default -> throw new AssertionError(op);
                }
            }
            CommandResult r = new CommandResult(c, code, out, "", Duration.ZERO);
            if (!c.successExitCodes().contains(code)) {
                throw new CommandFailedException(r);
            }
            return r;
        }

        List<String> ssCalls() {
            return calls.stream().filter(c -> c.get(0).endsWith("ss")).map(c -> String.join(" ", c)).toList();
        }
    }

    @Test
    void oneResetRulePerInitiatorOnOutputDestroysTheirSocketsAndLiftsEverything() {
        FakeIptables filter = new FakeIptables();
        var sockets = SsParser.parse(Captured.read("ss-stuck-tnie-1.txt"));
        PeerConnectionReset reset = new PeerConnectionReset(filter, locks, () -> sockets);
        ResetScope scope = new ResetScope(3260, List.of("10.231.4.202", "fd00::2"), List.of());
        var destroyed = reset.reset(scope, Deadline.after(Duration.ofSeconds(30)));
        assertThat(destroyed).hasSize(1);
        assertThat(filter.rules).containsExactlyInAnyOrder(
                "iptables -A OUTPUT -d 10.231.4.202/32 -p tcp -m multiport --sports 3260 -m comment --comment "
                        + "tgtha-portblock -j REJECT --reject-with tcp-reset",
                "ip6tables -A OUTPUT -d fd00::2/128 -p tcp -m multiport --sports 3260 -m comment --comment "
                        + "tgtha-portblock -j REJECT --reject-with tcp-reset");
        assertThat(filter.ssCalls()).anyMatch(c -> c.contains(" -K ") && c.contains("dst 10.231.4.202"))
                .anyMatch(c -> c.contains(" -K ") && c.contains("dst [fd00::2]"));
        reset.reset(scope, Deadline.after(Duration.ofSeconds(30)));
        assertThat(filter.rules).as("a second reset adds no duplicate").hasSize(2);
        reset.lift(scope, Deadline.after(Duration.ofSeconds(30)));
        assertThat(filter.rules).isEmpty();
    }

    @Test
    void theRealSsAcceptsTheFiltersForBothFamiliesAndPortals() {
        FakeIptables filter = new FakeIptables();
        new PeerConnectionReset(filter, locks, List::of).reset(new ResetScope(3260, List.of("10.231.4.202", "fd00::2"),
                List.of("10.231.4.1", "fd00::1")), Deadline.after(Duration.ofSeconds(30)));
        List<List<String>> listings = filter.calls.stream().filter(c -> c.get(0).endsWith("ss") && !c.contains("-K"))
                .toList();
        assertThat(listings).hasSize(2);
        for (List<String> listing : listings) {
            // the same expression the reset gave ss -K: ss rejects a bad filter with "Cannot parse" and exit 1
            var r = io.tgtha.testkit.Exec.run(Duration.ofSeconds(10), listing);
            assertThat(r.stderr()).doesNotContain("Cannot parse");
            assertThat(r.exitCode()).as(r.describe()).isZero();
        }
    }

    @Test
    void oneRulePerInitiatorAndPortalOfItsFamily() {
        FakeIptables filter = new FakeIptables();
        new PeerConnectionReset(filter, locks, List::of).reset(
                new ResetScope(3260, List.of("10.0.0.2", "fd00::2"), List.of("10.0.0.1", "10.0.0.9", "fd00::1")),
                Deadline.after(Duration.ofSeconds(30)));
        String tail = " -p tcp -m multiport --sports 3260 -m comment --comment tgtha-portblock -j REJECT --reject-with tcp-reset";
        assertThat(filter.rules).containsExactlyInAnyOrder(
                "iptables -A OUTPUT -s 10.0.0.1/32 -d 10.0.0.2/32" + tail,
                "iptables -A OUTPUT -s 10.0.0.9/32 -d 10.0.0.2/32" + tail,
                "ip6tables -A OUTPUT -s fd00::1/128 -d fd00::2/128" + tail);
    }

    @Test
    void nothingMatchingMeansNoSsKill() {
        FakeIptables filter = new FakeIptables();
        PeerConnectionReset reset = new PeerConnectionReset(filter, locks,
                () -> SsParser.parse(Captured.read("ss-stuck-tnie-1.txt")));
        assertThat(reset.destroyRemaining(new ResetScope(3260, List.of("10.9.9.9"), List.of()),
                Deadline.after(Duration.ofSeconds(1)))).isEmpty();
        assertThat(filter.ssCalls()).isEmpty();
    }

    @Test
    void waitsForThePacketFilterMutexAndGivesUpWithItsExitCode() throws Exception {
        FakeIptables filter = new FakeIptables();
        PeerConnectionReset reset = new PeerConnectionReset(filter, locks, List::of);
        // ordered by latches, not sleeps (issue 18): the holder has the mutex before the reset tries it,
        // and keeps it until the reset has given up
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            try (var lock = new FileMutex(locks, FileMutex.PACKET_FILTER).acquire(Duration.ofSeconds(30), "test")) {
                held.countDown();
                release.await();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        holder.start();
        assertThat(held.await(30, TimeUnit.SECONDS)).as("the holder took the mutex").isTrue();
        try {
            assertThatThrownBy(() -> reset.reset(new ResetScope(3260, List.of("10.0.0.2"), List.of()),
                    Deadline.after(Duration.ofMillis(300))))
                    .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.LOCK_TIMEOUT));
            assertThat(filter.calls).as("no packet-filter change without the mutex")
                    .noneMatch(c -> c.contains("-I") || c.contains("-D"));
        } finally {
            release.countDown();
            holder.join();
        }
    }
}
