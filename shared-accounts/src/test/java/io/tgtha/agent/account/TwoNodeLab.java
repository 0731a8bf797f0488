// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.account;

import io.tgtha.testkit.Exec;
import io.tgtha.testkit.ExecResult;
import io.tgtha.testkit.Initiator;
import io.tgtha.testkit.IscsiUrl;
import io.tgtha.testkit.Lab;
import io.tgtha.testkit.Netns;
import io.tgtha.testkit.TgtadmTargets;
import io.tgtha.testkit.TgtdProcess;
import io.tgtha.testkit.VethLink;
import io.tgtha.tgt.TgtClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Two "nodes" (namespaces, each with its own tgtd on a leased control port in 3050-3099) and an
 * initiator namespace wired to both, for the account agent's lab tests. Addresses come from the
 * agents' half of 10.231.3.128/25: node1 = .BASE+1, node2 = .BASE+5, the initiator's ends .BASE+2 and
 * .BASE+6 (two /30s). Namespaces are named {@code ag-aPID-RAND-ROLE}; leftovers of dead JVMs are
 * removed first. Backing files in {@code dir} are shared by both nodes, as shared storage would be.
 */
final class TwoNodeLab implements AutoCloseable {
    static final int PORT_FROM = 3050;
    static final int PORT_TO = 3099;
    static final Duration T = Duration.ofSeconds(10);

    private final List<AutoCloseable> closeables = new ArrayList<>();
    final Netns ini;
    final Netns[] nodes = new Netns[2];
    final TgtdProcess[] tgtd = new TgtdProcess[2];
    final String[] ip = new String[2];
    final Path dir;

    private TwoNodeLab(Path dir, int base) {
        this.dir = dir;
        cleanupLeftovers();
        String stem = "ag-a" + ProcessHandle.current().pid() + "-" + Lab.randomSuffix(4);
        try {
            ini = track(Netns.createNamed(stem + "-ini"));
            for (int i = 0; i < 2; i++) {
                nodes[i] = track(Netns.createNamed(stem + "-n" + (i + 1)));
                int host = base + 1 + 4 * i;
                VethLink.connect(nodes[i], "10.231.3." + host, ini, "10.231.3." + (host + 1), 30);
                ip[i] = "10.231.3." + host;
            }
            for (int i = 0; i < 2; i++) {
                tgtd[i] = track(TgtdProcess.start(nodes[i], ip[i], PORT_FROM, PORT_TO));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** @param base 132, 140, 148, ... (must keep every address within .130-.250) */
    static TwoNodeLab start(Path dir, int base) {
        if (base < 129 || base + 6 > 250) {
            throw new IllegalArgumentException("base " + base);
        }
        return new TwoNodeLab(dir, base);
    }

    private <T extends AutoCloseable> T track(T c) {
        closeables.add(0, c);
        return c;
    }

    int port(int node) {
        return tgtd[node].controlPort();
    }

    TgtClient client(int node) {
        return TgtClient.forControlPort(port(node), T);
    }

    Initiator initiator() {
        return new Initiator(ini);
    }

    Path backingFile(String name) {
        return TgtadmTargets.sparseFile(dir.resolve(name), 8 << 20);
    }

    /** Login + INQUIRY of LUN 1; the credentials travel in the environment, never in argv. */
    boolean canLogin(int node, String iqn, String user, String password) {
        IscsiUrl url = IscsiUrl.lun(ip[node], iqn, 1);
        if (user != null) {
            url = url.withChap(user, password);
        }
        return initiator().canLogin(url, T);
    }

    /** tgtd still runs and answers a full show (the 1.0.85 account-slot crash would kill it here). */
    void assertTgtdHealthy(int node) {
        if (!tgtd[node].isAlive()) {
            throw new AssertionError("tgtd of node " + (node + 1) + " died, exit " + tgtd[node].exitStatus()
                    + "\n" + tgtd[node].logText());
        }
        ExecResult show = tgtd[node].tgtadm("--op", "show", "--mode", "target");
        ExecResult system = tgtd[node].tgtadm("--op", "show", "--mode", "system");
        if (!show.ok() || !system.ok() || !tgtd[node].isAlive()) {
            throw new AssertionError("tgtd of node " + (node + 1) + " does not answer show: " + show.describe()
                    + "\n" + system.describe() + "\n" + tgtd[node].logText());
        }
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                if (first == null) {
                    first = new IllegalStateException("lab clean-up failed: " + e.getMessage(), e);
                }
            }
        }
        closeables.clear();
        if (first != null) {
            throw first;
        }
    }

    /** Namespaces {@code ag-aPID-...} whose JVM is gone: kill what runs inside, delete them. */
    static void cleanupLeftovers() {
        for (String ns : Netns.list()) {
            if (!ns.startsWith("ag-a")) {
                continue;
            }
            long owner;
            try {
                owner = Long.parseLong(ns.substring(4, ns.indexOf('-', 4)));
            } catch (RuntimeException notOurs) {
                continue;
            }
            if (ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) {
                continue;
            }
            for (String pid : Exec.run(T, "ip", "netns", "pids", ns).stdout().split("\\s+")) {
                if (!pid.isBlank()) {
                    ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(Exec::killTree);
                }
            }
            Exec.run(T, "ip", "netns", "del", ns);
        }
    }
}
