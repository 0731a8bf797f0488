package io.tgtha.cli;

import io.tgtha.cli.net.RejectAndDestroyReset;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The drain's own reset: rule shape, one rule per peer and family, removal, and the packet-filter mutex. */
class RejectAndDestroyResetTest {
    @TempDir
    Path locks;

    /** A packet filter that remembers rules (-I adds, -D removes, -C checks), and records every call. */
    static final class FakeFilter implements CommandRunner {
        final List<List<String>> calls = new ArrayList<>();
        final Set<String> rules = new HashSet<>();

        @Override
        public CommandResult run(Command c) throws CommandFailedException {
            calls.add(c.argv());
            List<String> a = c.argv();
            if (a.get(0).endsWith("tables")) {
                String op = a.get(3);
                List<String> spec = new ArrayList<>(a.subList(4, a.size()));
                if (op.equals("-I")) {
                    spec.remove(1); // the position
                }
                String key = a.get(0) + " " + String.join(" ", spec);
                switch (op) {
                    case "-I" -> rules.add(key);
                    case "-D" -> rules.remove(key);
                    case "-C" -> {
                        if (!rules.contains(key)) {
                            throw new CommandFailedException(new CommandResult(c, 1, "", "", Duration.ZERO));
                        }
                    }
                    default -> throw new AssertionError(op);
                }
            }
            return new CommandResult(c, 0, "", "", Duration.ZERO);
        }
    }

    @Test
    void insertsOneRejectRulePerPeerFirstInOutputDestroysMatchingSocketsAndLiftsEverything() {
        FakeFilter filter = new FakeFilter();
        var sockets = SsParser.parse(Captured.read("ss-stuck-tnie-1.txt"));
        RejectAndDestroyReset reset = new RejectAndDestroyReset(filter, locks, () -> sockets);
        ResetScope scope = new ResetScope(3260, List.of("10.231.4.202", "fd00::2"), List.of());
        var destroyed = reset.reset(scope, Deadline.after(Duration.ofSeconds(5)));
        assertThat(destroyed).hasSize(1);
        assertThat(filter.calls).contains(
                List.of("iptables", "-w", "5", "-I", "OUTPUT", "1", "-p", "tcp", "--sport", "3260", "-d", "10.231.4.202",
                        "-m", "comment", "--comment", "tgtha-drain", "-j", "REJECT", "--reject-with", "tcp-reset"),
                List.of("ip6tables", "-w", "5", "-I", "OUTPUT", "1", "-p", "tcp", "--sport", "3260", "-d", "fd00::2",
                        "-m", "comment", "--comment", "tgtha-drain", "-j", "REJECT", "--reject-with", "tcp-reset"),
                List.of("ss", "-K", "-tn", "( sport = :3260 and ( dst 10.231.4.202 or dst [fd00::2] ) )"));
        assertThat(filter.rules).hasSize(2);
        reset.reset(scope, Deadline.after(Duration.ofSeconds(5)));
        assertThat(filter.rules).as("a second reset adds no duplicate").hasSize(2);
        reset.lift(scope, Deadline.after(Duration.ofSeconds(5)));
        assertThat(filter.rules).isEmpty();
    }

    @Test
    void theRealSsAcceptsTheFilterForBothFamiliesAndPortals() {
        ResetScope scope = new ResetScope(3260, List.of("10.231.4.202", "fd00::2"), List.of("10.231.4.1", "fd00::1"));
        // listing (no -K) with the same expression: ss rejects a bad filter with "Cannot parse" and exit 1
        var r = io.tgtha.testkit.Exec.run(Duration.ofSeconds(5), "ss", "-tn", scope.ssFilter());
        assertThat(r.stderr()).doesNotContain("Cannot parse");
        assertThat(r.exitCode()).as(r.describe()).isZero();
    }

    @Test
    void oneRulePerInitiatorAndPortalOfItsFamily() {
        FakeFilter filter = new FakeFilter();
        RejectAndDestroyReset reset = new RejectAndDestroyReset(filter, locks, List::of);
        reset.reset(new ResetScope(3260, List.of("10.0.0.2", "fd00::2"), List.of("10.0.0.1", "10.0.0.9", "fd00::1")),
                Deadline.after(Duration.ofSeconds(5)));
        assertThat(filter.rules).containsExactlyInAnyOrder(
                "iptables OUTPUT -p tcp --sport 3260 -d 10.0.0.2 -s 10.0.0.1 -m comment --comment tgtha-drain -j REJECT --reject-with tcp-reset",
                "iptables OUTPUT -p tcp --sport 3260 -d 10.0.0.2 -s 10.0.0.9 -m comment --comment tgtha-drain -j REJECT --reject-with tcp-reset",
                "ip6tables OUTPUT -p tcp --sport 3260 -d fd00::2 -s fd00::1 -m comment --comment tgtha-drain -j REJECT --reject-with tcp-reset");
    }

    @Test
    void nothingMatchingMeansNoSsKill() {
        FakeFilter filter = new FakeFilter();
        RejectAndDestroyReset reset = new RejectAndDestroyReset(filter, locks,
                () -> SsParser.parse(Captured.read("ss-stuck-tnie-1.txt")));
        assertThat(reset.destroyRemaining(new ResetScope(3260, List.of("10.9.9.9"), List.of()),
                Deadline.after(Duration.ofSeconds(1)))).isEmpty();
        assertThat(filter.calls).noneMatch(c -> c.get(0).equals("ss"));
    }

    @Test
    void waitsForThePacketFilterMutexAndGivesUpWithItsExitCode() throws Exception {
        FakeFilter filter = new FakeFilter();
        RejectAndDestroyReset reset = new RejectAndDestroyReset(filter, locks, List::of);
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
            assertThat(filter.calls).as("no packet-filter change without the mutex").isEmpty();
        } finally {
            release.countDown();
            holder.join();
        }
    }
}
