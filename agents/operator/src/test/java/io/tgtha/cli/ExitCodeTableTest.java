// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import io.tgtha.ocf.exec.Command;
import io.tgtha.ocf.exec.CommandFailedException;
import io.tgtha.ocf.exec.CommandNotFoundException;
import io.tgtha.ocf.exec.CommandResult;
import io.tgtha.ocf.lock.FileMutex;
import io.tgtha.testkit.Exec;
import io.tgtha.testkit.HostileLogin;
import io.tgtha.testkit.Initiator;
import io.tgtha.testkit.Lab;
import io.tgtha.testkit.LabConfig;
import io.tgtha.testkit.TgtLab;
import io.tgtha.testkit.TgtadmTargets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13 ("documented exit codes equal actual ones, a test walks the table") and issue 18 (codes 10, 11
 * and 24 never run): every row of the table in docs/operator-guide.md is the enum, and every code is
 * produced by a real run of tgtha. Cluster answers come from captured crm_mon/CIB output; tgtd, the
 * packet filter and SSH are real.
 */
class ExitCodeTableTest {
    static final Duration T = Duration.ofSeconds(30);
    static final String IQN = "iqn.2026-01.io.tgtha:op.exitcodes";

    @TempDir
    static Path dir;
    static TgtLab lab;
    static InProcessSshServer sshd;
    static Path key;
    static Path knownHosts;

    @BeforeAll
    static void sshServer() throws Exception {
        key = dir.resolve("id_ecdsa");
        String pub = RemoteHostTest.writeKey(key);
        sshd = new InProcessSshServer(Files.createDirectories(dir.resolve("sshd")), pub);
        knownHosts = Files.writeString(dir.resolve("known_hosts"), sshd.knownHostsLine());
    }

    @AfterAll
    static void stop() throws IOException {
        if (lab != null) {
            lab.close();
        }
        sshd.close();
    }

    /** A real tgtd with one target that has one LUN, started by the first row that needs it. */
    static TgtLab lab() throws IOException {
        if (lab == null) {
            Lab.requireRoot("tgtd", "tgtadm", "iscsi-perf", "iptables", "ss", "gcc", "python3");
            lab = TgtLab.start(LabConfig.of("op", "10.231.4", 4001, 4099));
            TgtadmTargets.openWithOneLun(lab, 1, IQN, TgtadmTargets.sparseFile(dir.resolve("lun1.img"), 64 << 20));
        }
        return lab;
    }

    @Test
    void theOperatorGuidesTableIsTheEnum() throws IOException {
        String guide = Files.readString(Path.of("../../docs/operator-guide.md"));
        String table = guide.substring(guide.indexOf("## Exit codes"));
        Map<Integer, String> documented = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^\\| (\\d+) \\| (.+) \\|$").matcher(table.substring(0, table.indexOf("\n\n", table.indexOf("|"))));
        while (m.find()) {
            documented.put(Integer.parseInt(m.group(1)), m.group(2));
        }
        Map<Integer, String> actual = new LinkedHashMap<>();
        for (ExitCode c : ExitCode.values()) {
            actual.put(c.code(), c.description());
        }
        assertThat(documented).containsExactlyEntriesOf(actual);
    }

    @ParameterizedTest
    @EnumSource(ExitCode.class)
    void everyDocumentedCodeIsWhatARealRunReturns(ExitCode code) throws Exception {
        Run run = scenario(code);
        assertThat(run.exitCode()).as(code + ": " + run.describe()).isEqualTo(code.code());
        if (code != ExitCode.OK && code != ExitCode.TIMEOUT && code != ExitCode.STUCK) {
            assertThat(run.err()).as(code.name()).startsWith("tgtha: ").doesNotContain("Exception");
        }
    }

    private Run scenario(ExitCode code) throws Exception {
        return switch (code) {
            case OK -> Run.tgtha(new FakeCluster(CrmMonXmlTest.HEALTHY), dir, "failover", "g-t1", "--to", "cl-n1");
            case FAILURE -> Run.tgtha(c -> {
                throw new IllegalStateException("broken runner");
            }, dir, "failover", "g-t1", "--to", "cl-n1");
            case USAGE -> Run.tgtha(dir, "status", "-C", "99999");
            case NOT_FOUND -> Run.tgtha(new FakeCluster(CrmMonXmlTest.HEALTHY), dir, "failover", "g-t1", "--to", "cl-n9");
            case TGTD_UNAVAILABLE -> Run.tgtha(dir, "status", "--no-cluster", "-C", "4098");
            case TIMEOUT -> {
                FakeCluster never = new FakeCluster(CrmMonXmlTest.HEALTHY);
                never.startsAfterPolls = Integer.MAX_VALUE;
                yield Run.tgtha(never, dir, "failover", "g-t1", "--to", "cl-n2", "--timeout", "200ms", "--poll", "20ms");
            }
            case STUCK -> stuckConnection();
            case NO_CLUSTER -> Run.tgtha(c -> {
                throw new CommandNotFoundException(c, new IOException("no such file"));
            }, dir, "failover", "g-t1", "--to", "cl-n2");
            case CLUSTER_UNHEALTHY -> Run.tgtha(new FakeCluster(CrmMonXmlTest.withNodeOffline()), dir, "failover", "--all",
                    "--to", "cl-n1");
            case LOCK_TIMEOUT -> packetFilterMutexHeldByAnotherProcess();
            case NOT_MAPPED -> Run.tgtha(dir, "migrate", "--cib", java.nio.file.Path.of(ExitCodeTableTest.class
                    .getResource("migrate/stock-refusals.xml").toURI()).toString());
            case TOOL_MISSING -> Run.tgtha(crmResource(c -> {
                throw new CommandNotFoundException(c, new IOException("no such file"));
            }), dir, "failover", "g-t1", "--to", "cl-n2");
            case COMMAND_FAILED -> Run.tgtha(crmResource(c -> {
                throw new CommandFailedException(new CommandResult(c, 1, "", "Error performing operation: ...", Duration.ZERO));
            }), dir, "failover", "g-t1", "--to", "cl-n2");
            case SSH_UNKNOWN_HOST_KEY -> ssh(Files.writeString(dir.resolve("known_hosts_empty"), ""), key);
            case SSH_CHANGED_HOST_KEY -> {
                Path otherKey = dir.resolve("other-host-key");
                try (InProcessSshServer other = new InProcessSshServer(Files.createDirectories(otherKey),
                        Files.readString(knownHosts).split(" ", 2)[1])) {
                    yield ssh(Files.writeString(dir.resolve("known_hosts_changed"), other.knownHostsLine()
                            .replace("]:" + other.port() + " ", "]:" + sshd.port() + " ")), key);
                }
            }
            case SSH_AUTH_FAILED -> {
                Path wrong = dir.resolve("id_wrong");
                if (!Files.exists(wrong)) {
                    RemoteHostTest.writeKey(wrong);
                }
                yield ssh(knownHosts, wrong);
            }
            case SSH_CONNECT_FAILED -> {
                java.net.ServerSocket closed = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                int port = closed.getLocalPort();
                closed.close();
                yield Run.tgtha(dir, "status", "--host", "127.0.0.1", "--ssh-port", Integer.toString(port),
                        "--identity", key.toString(), "--known-hosts", knownHosts.toString());
            }
            case SSH_CONFIG -> ssh(dir.resolve("no-known-hosts"), key);
            case SSH_CONNECTION_LOST -> {
                try (SilentPeerRelay relay = new SilentPeerRelay(sshd.port())) {
                    Path relayed = Files.writeString(dir.resolve("known_hosts_relay"), Files.readString(knownHosts)
                            .replace("]:" + sshd.port() + " ", "]:" + relay.port() + " "));
                    var run = java.util.concurrent.CompletableFuture.supplyAsync(() -> Run.tgtha(dir, "status",
                            "--host", "127.0.0.1", "--ssh-port", Integer.toString(relay.port()), "--identity",
                            key.toString(), "--known-hosts", relayed.toString(), "--ssh-timeout", "2s",
                            "--remote-command", "hang"));
                    assertThat(sshd.hanging.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                    relay.goSilent();
                    yield run.get(60, java.util.concurrent.TimeUnit.SECONDS);
                }
            }
        };
    }

    static Run ssh(Path known, Path identity) {
        return Run.tgtha(dir, "status", "--host", "127.0.0.1", "--ssh-port", Integer.toString(sshd.port()),
                "--identity", identity.toString(), "--known-hosts", known.toString(), "--ssh-timeout", "10s");
    }

    interface CrmResource {
        CommandResult run(Command c) throws io.tgtha.ocf.exec.CommandException;
    }

    /** The captured healthy cluster, with crm_resource answering as given. */
    static FakeCluster crmResource(CrmResource answer) {
        return new FakeCluster(CrmMonXmlTest.HEALTHY) {
            @Override
            public CommandResult run(Command command) throws io.tgtha.ocf.exec.CommandException {
                return command.program().equals("crm_resource") ? answer.run(command) : super.run(command);
            }
        };
    }

    /** iscsi-perf loading the LUN while the target drops every ACK: its Send-Q cannot drain. */
    static Run stuckConnection() throws Exception {
        TgtLab lab = lab();
        try (Initiator.PerfLoad perf = PortalLoad.startAndAwaitSession(lab, IQN)) {
            lab.targetNs().exec(T, "iptables", "-w", "5", "-I", "INPUT", "-p", "tcp", "--dport", "3260", "-j", "DROP").orThrow();
            try {
                return Run.tgtha(dir, Run.onLab(lab(), "status", "--no-cluster", "--sample", "1500ms", "--stuck-after", "1s",
                        "--fail-on-stuck"));
            } finally {
                lab.targetNs().exec(T, "iptables", "-w", "5", "-D", "INPUT", "-p", "tcp", "--dport", "3260", "-j", "DROP");
            }
        }
    }

    /** Another process holds the node-wide packet-filter mutex while drain needs it to reset a session. */
    static Run packetFilterMutexHeldByAnotherProcess() throws Exception {
        TgtLab lab = lab();
        Path lockDir = Files.createDirectories(dir.resolve("locks"));
        Path lockFile = new FileMutex(lockDir, FileMutex.PACKET_FILTER).file();
        Path held = dir.resolve("held");
        Process holder = new ProcessBuilder("python3", "-c", "import fcntl,sys,time\n"
                + "f=open(sys.argv[1],'a+')\nfcntl.lockf(f,fcntl.LOCK_EX)\nopen(sys.argv[2],'w').close()\ntime.sleep(120)\n",
                lockFile.toString(), held.toString()).start();
        try (HostileLogin session = HostileLogin.start(lab.initiatorNs(), lab.targetIp(), IQN, "iqn.2026-01.test:holder",
                "an ordinary alias")) {
            long deadline = System.nanoTime() + T.toNanos();
            while (!Files.exists(held)) {
                assertThat(System.nanoTime()).as("the holder took the lock").isLessThan(deadline);
                Thread.sleep(20);
            }
            return Run.tgtha(lockDir, Run.onLab(lab(), "drain", IQN, "--no-cluster", "--timeout", "1s"));
        } finally {
            Exec.killTree(holder.toHandle());
            lab.tgtd().tgtadm("--op", "update", "--mode", "target", "--tid", "1", "-n", "state", "-v", "ready");
        }
    }
}
