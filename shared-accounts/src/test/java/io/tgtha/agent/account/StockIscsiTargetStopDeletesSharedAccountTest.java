// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgtha.agent.account.AgentHarness.Outcome;
import io.tgtha.testkit.Exec;
import io.tgtha.testkit.ExecResult;
import io.tgtha.testkit.Initiator;
import io.tgtha.testkit.IscsiUrl;
import io.tgtha.testkit.Lab;
import io.tgtha.testkit.Netns;
import io.tgtha.testkit.TgtadmTargets;
import io.tgtha.testkit.VethLink;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins the bug behind the account agent. The stock {@code ocf:heartbeat:iSCSITarget} (implementation
 * tgt) creates its incoming account on start and deletes it on stop; tgt accounts are global and
 * deleting one unbinds it from every target, so stopping one target turns CHAP off on every other
 * target that shared the account. (It also cannot share one: a second target with the same user name
 * fails to start, after its ACL already let everybody in.)
 *
 * <p>The stock agent only speaks to the default tgtd (control port 0, {@code /run/tgtd/socket.0}), so
 * its tgtd runs in a private mount namespace with its own tmpfs on /run/tgtd, and the agent and
 * tgtadm are run inside it with nsenter: no other tgtd on this machine is touched.
 */
class StockIscsiTargetStopDeletesSharedAccountTest {
    static final Path STOCK = Path.of("/usr/lib/ocf/resource.d/heartbeat/iSCSITarget");
    static final Duration T = Duration.ofSeconds(15);
    static final String USER = "shared-chap";
    static final String SECRET = "Stock-Shared-Secret-31";
    static final String IQN1 = "iqn.2026-01.io.tgtha.ag:stock1";
    static final String IQN2 = "iqn.2026-01.io.tgtha.ag:stock2";

    @TempDir
    Path dir;

    @BeforeAll
    static void lab() {
        Lab.requireRoot("tgtd", "tgtadm", "iscsi-inq", "nsenter", "unshare");
        if (!Files.isExecutable(STOCK)) {
            throw new AssertionError(STOCK + " missing: install resource-agents (test-cluster/bin/install-test-deps)");
        }
    }

    /** A tgtd on the default control port, alone in its mount namespace. */
    static final class PrivateTgtd implements AutoCloseable {
        final Netns node;
        final Netns ini;
        final Process tgtd;
        final String ip;
        final File log;

        PrivateTgtd(Path dir, int base) throws Exception {
            TwoNodeLab.cleanupLeftovers();
            String stem = "ag-a" + ProcessHandle.current().pid() + "-" + Lab.randomSuffix(4);
            node = Netns.createNamed(stem + "-stk");
            Netns i = null;
            Process p = null;
            try {
                i = Netns.createNamed(stem + "-sti");
                ip = "10.231.3." + (base + 1);
                VethLink.connect(node, ip, i, "10.231.3." + (base + 2), 30);
                log = dir.resolve("stock-tgtd.log").toFile();
                // ip netns exec and unshare exec in place, so this pid is tgtd's once sh execs it
                p = node.start(log, "unshare", "-m", "--propagation", "private", "sh", "-c",
                        "mount -t tmpfs -o mode=0755 ag-stock-tgtd /run/tgtd && exec tgtd -f --iscsi portal=" + ip
                                + ":3260");
                ini = i;
                tgtd = p;
                awaitReady();
            } catch (Exception | AssertionError e) {
                if (p != null) {
                    Exec.killTree(p.toHandle());
                }
                if (i != null) {
                    i.close();
                }
                node.close();
                throw e;
            }
        }

        private void awaitReady() throws Exception {
            long deadline = System.nanoTime() + T.toNanos();
            while (System.nanoTime() < deadline) {
                if (!tgtd.isAlive()) {
                    throw new AssertionError("private tgtd exited: " + Files.readString(log.toPath()));
                }
                String comm = Files.readString(Path.of("/proc/" + tgtd.pid() + "/comm")).strip();
                if (comm.equals("tgtd") && tgtadm("--op", "show", "--mode", "system").ok()) {
                    return;
                }
                Thread.sleep(50);
            }
            throw new AssertionError("private tgtd did not come up: " + Files.readString(log.toPath()));
        }

        /** Runs a command in tgtd's network and mount namespaces. */
        ExecResult inside(Map<String, String> env, String... command) {
            List<String> cmd = new ArrayList<>(List.of("nsenter", "-t", Long.toString(tgtd.pid()), "-m", "-n", "--"));
            cmd.addAll(List.of(command));
            return Exec.run(T, cmd, env);
        }

        ExecResult tgtadm(String... args) {
            List<String> cmd = new ArrayList<>(List.of("tgtadm"));
            cmd.addAll(List.of(args));
            return inside(Map.of(), cmd.toArray(String[]::new));
        }

        ExecResult stock(String action, String iqn, int tid) {
            Map<String, String> env = new HashMap<>();
            env.put("OCF_ROOT", "/usr/lib/ocf");
            env.put("OCF_RESOURCE_INSTANCE", "stock-" + tid);
            env.put("OCF_RESKEY_implementation", "tgt");
            env.put("OCF_RESKEY_iqn", iqn);
            env.put("OCF_RESKEY_tid", Integer.toString(tid));
            // unset it means ALL per its documentation, but the stock agent then denies everyone
            env.put("OCF_RESKEY_allowed_initiators", "ALL");
            env.put("OCF_RESKEY_incoming_username", USER);
            env.put("OCF_RESKEY_incoming_password", SECRET);
            env.put("__OCF_ACTION", action);
            return inside(env, STOCK.toString(), action);
        }

        boolean canLogin(String iqn, String user, String password) {
            IscsiUrl url = IscsiUrl.lun(ip, iqn, 1);
            return new Initiator(ini).canLogin(user == null ? url : url.withChap(user, password), T);
        }

        boolean alive() {
            return tgtd.isAlive() && tgtadm("--op", "show", "--mode", "target").ok();
        }

        @Override
        public void close() {
            try {
                Exec.killTree(tgtd.toHandle());
            } finally {
                try {
                    ini.close();
                } finally {
                    node.close();
                }
            }
        }
    }

    static Path backing(Path dir, String name) {
        return TgtadmTargets.sparseFile(dir.resolve(name), 8 << 20);
    }

    @Test
    void stockStopOfOneTargetDeletesTheSharedAccountAndLeavesTheOtherTargetWithoutChap() throws Exception {
        try (PrivateTgtd lab = new PrivateTgtd(dir, 164)) {
            ExecResult start1 = lab.stock("start", IQN1, 1);
            assertThat(start1.ok()).as(start1.describe()).isTrue();
            lab.tgtadm("--lld", "iscsi", "--op", "new", "--mode", "logicalunit", "--tid", "1", "--lun", "1",
                    "-b", backing(dir, "s1.img").toString()).orThrow();
            assertThat(lab.canLogin(IQN1, USER, SECRET)).isTrue();
            assertThat(lab.canLogin(IQN1, null, null)).isFalse();

            // a second stock target with the same user name cannot start (the account exists) ...
            ExecResult start2 = lab.stock("start", IQN2, 2);
            assertThat(start2.exitCode()).as(start2.describe()).isEqualTo(1);
            lab.tgtadm("--lld", "iscsi", "--op", "new", "--mode", "logicalunit", "--tid", "2", "--lun", "1",
                    "-b", backing(dir, "s2.img").toString()).orThrow();
            // ... and its failed start left it open to everybody: ACL bound, no account
            assertThat(lab.canLogin(IQN2, null, null)).as("stock target 2 after its failed start").isTrue();

            // the operator's way to share the account with stock agents: bind it by hand
            lab.tgtadm("--lld", "iscsi", "--op", "bind", "--mode", "account", "--tid", "2", "--user", USER).orThrow();
            assertThat(lab.canLogin(IQN2, null, null)).isFalse();
            assertThat(lab.canLogin(IQN2, USER, SECRET)).isTrue();

            // THE BUG: stopping target 1 deletes the account, so target 2 silently drops CHAP
            ExecResult stop1 = lab.stock("stop", IQN1, 1);
            assertThat(stop1.ok()).as(stop1.describe()).isTrue();
            assertThat(lab.tgtadm("--op", "show", "--mode", "account").stdout()).doesNotContain(USER);
            assertThat(lab.canLogin(IQN2, null, null)).as("target 2 after the stock stop of target 1").isTrue();
            assertThat(lab.canLogin(IQN2, USER, "anything-at-all-1")).isTrue();
            assertThat(lab.alive()).isTrue();
        }
    }

    @Test
    void withTheAccountCloneStoppingOneTargetOrTheAccountAgentKeepsChapOnTheOther() throws Exception {
        try (TwoNodeLab lab = TwoNodeLab.start(dir, 172)) {
            Map<String, String> env = new HashMap<>();
            env.put("OCF_RESKEY_username", USER);
            env.put("OCF_RESKEY_password", SECRET);
            env.put("OCF_RESKEY_tgt_control_port", Integer.toString(lab.port(0)));
            env.put("TGTHA_RUN_DIR", dir.resolve("run").toString());
            env.put("HA_LOGFILE", dir.resolve("agent.log").toString());
            Outcome start = AgentProcess.run(env, "start");
            assertThat(start.rc()).as(start.stderr()).isZero();
            LabTargets.start(lab.client(0), 1, IQN1, lab.backingFile("o1.img"), USER);
            LabTargets.start(lab.client(0), 2, IQN2, lab.backingFile("o2.img"), USER);
            assertThat(lab.canLogin(0, IQN2, null, null)).isFalse();

            LabTargets.stop(lab.client(0), 1);
            assertThat(lab.client(0).accounts()).containsExactly(USER);
            assertThat(lab.canLogin(0, IQN2, null, null)).as("target 2 after target 1 stopped").isFalse();
            assertThat(lab.canLogin(0, IQN2, USER, "anything-at-all-1")).isFalse();
            assertThat(lab.canLogin(0, IQN2, USER, SECRET)).isTrue();

            Outcome stop = AgentProcess.run(env, "stop");
            assertThat(stop.rc()).isZero();
            assertThat(Files.readString(dir.resolve("agent.log"), StandardCharsets.UTF_8))
                    .contains("is still bound to targets " + IQN2 + " (tid 2)").contains("NOT deleting it");
            assertThat(lab.client(0).accounts()).containsExactly(USER);
            assertThat(lab.canLogin(0, IQN2, null, null)).as("target 2 after the account agent's stop").isFalse();
            assertThat(lab.canLogin(0, IQN2, USER, SECRET)).isTrue();
            lab.assertTgtdHealthy(0);
        }
    }
}
