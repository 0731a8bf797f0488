// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TgtLabTest {
    static final LabConfig CONFIG = LabConfig.of("tc", "10.231.1", 1001, 1099);
    static final Duration T = Duration.ofSeconds(20);

    @BeforeAll
    static void lab() {
        Lab.requireRoot("tgtd", "tgtadm", "iscsi-inq", "iscsi-perf", "timeout");
    }

    @Test
    void startsTgtdThatAnInitiatorCanLogInToAndCleansUpEverything(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        String tgtNs;
        String iniNs;
        int port;
        long pid;
        try (TgtLab lab = TgtLab.start(CONFIG)) {
            tgtNs = lab.targetNs().name();
            iniNs = lab.initiatorNs().name();
            port = lab.tgtd().controlPort();
            pid = lab.tgtd().pid();
            assertThat(port).isBetween(1001, 1099);
            assertThat(tgtNs).startsWith("tc-" + ProcessHandle.current().pid() + "-").endsWith("-tgt");
            assertThat(Netns.list()).contains(tgtNs, iniNs);
            // tgtd really runs in the target namespace
            assertThat(lab.targetNs().pids()).contains(pid);
            Path backing = TgtadmTargets.sparseFile(dir.resolve("lun1.img"), 16 << 20);
            String iqn = "iqn.2026-01.io.tgtha:testkit";
            lab.tgtd().tgtadm("--lld", "iscsi", "--op", "new", "--mode", "target", "--tid", "1", "-T", iqn).orThrow();
            lab.tgtd().tgtadm("--lld", "iscsi", "--op", "new", "--mode", "logicalunit", "--tid", "1", "--lun", "1",
                    "-b", backing.toString()).orThrow();
            IscsiUrl url = IscsiUrl.lun(lab.targetIp(), iqn, 1);
            // no ACL yet: tgtd refuses the login
            assertThat(lab.initiator().canLogin(url, T)).isFalse();
            lab.tgtd().tgtadm("--lld", "iscsi", "--op", "bind", "--mode", "target", "--tid", "1", "-I", "ALL").orThrow();
            ExecResult inq = lab.initiator().inq(url, T);
            assertThat(inq.ok()).as(inq.describe()).isTrue();
            assertThat(inq.stdout()).contains("IET");
            try (Initiator.PerfLoad perf = lab.initiator().startPerf(url, Duration.ofSeconds(30), 0)) {
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                String show = "";
                while (System.nanoTime() < deadline && !show.contains("I_T nexus: ")) {
                    show = lab.tgtd().tgtadm("--op", "show", "--mode", "target").stdout();
                    Thread.sleep(100);
                }
                assertThat(show).contains("IP Address: " + lab.initiatorIp());
                assertThat(perf.isAlive()).isTrue();
            }
        }
        assertThat(Netns.list()).doesNotContain(tgtNs, iniNs);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(Files.exists(Path.of("/var/run/tgtd/socket." + port))
                && ControlPortLease.tgtdHoldsPort(port)).isFalse();
    }

    @Test
    void cleansUpLeftoversOfDeadOwnersButNotOfLiveOnes() {
        // a pid that cannot be alive (above pid_max) plays the crashed JVM
        String dead = "tc-999999999-zz" + Lab.randomSuffix(2) + "-tgt";
        Netns leftover = Netns.createNamed(dead);
        Process sleeper = leftover.start(null, "sleep", "300");
        try (Netns live = Netns.create("tc", "live")) {
            // a parallel test JVM may get to the leftover first: assert the outcome, not who did it
            assertThat(Lab.cleanupLeftovers("tc")).doesNotContain(live.name());
            assertThat(Netns.list()).doesNotContain(dead).contains(live.name());
            assertThat(sleeper.isAlive()).isFalse();
        } finally {
            leftover.close();
        }
    }

    @Test
    void runsCommandsInsideTheNamespaceWithADeadline() {
        try (Netns ns = Netns.create("tc", "exec")) {
            ExecResult links = ns.exec(T, "ip", "-o", "link");
            assertThat(links.ok()).isTrue();
            assertThat(links.stdout()).contains("lo:").doesNotContain("eth0");
            long start = System.nanoTime();
            ExecResult slow = ns.exec(Duration.ofMillis(300), "sleep", "30");
            assertThat(slow.timedOut()).isTrue();
            // ended by the 300 ms deadline, not by sleep's 30 s: 15 s is 50x the deadline, slack for load
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        }
    }

    @Test
    void twoLeasesNeverShareAControlPort() {
        try (ControlPortLease a = ControlPortLease.acquire(1001, 1099);
             ControlPortLease b = ControlPortLease.acquire(1001, 1099)) {
            assertThat(a.port()).isNotEqualTo(b.port());
        }
    }
}
