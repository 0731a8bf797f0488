// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.testkit;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A network namespace owned by a test. {@link #close()} SIGKILLs every process still inside it
 * (including ones it did not start) and deletes it.
 */
public final class Netns implements AutoCloseable {
    private static final Duration IP_TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final List<Process> started = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private Netns(String name) {
        this.name = name;
    }

    /** Creates {@code PREFIX-PID-RAND-ROLE} with lo up. Role: short word such as "tgt" or "ini". */
    public static Netns create(String prefix, String role) {
        return createNamed(Lab.uniqueStem(prefix) + "-" + role);
    }

    public static Netns createNamed(String name) {
        Exec.run(IP_TIMEOUT, "ip", "netns", "add", name).orThrow();
        Netns ns = new Netns(name);
        try {
            ns.exec(IP_TIMEOUT, "ip", "link", "set", "lo", "up").orThrow();
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    public String name() {
        return name;
    }

    /** Runs {@code ip netns exec NAME command...} to completion, killed at the deadline. */
    public ExecResult exec(Duration timeout, String... command) {
        return Exec.run(timeout, wrap(command));
    }

    /** As {@link #exec} with extra environment variables (ip netns exec passes the environment on). */
    public ExecResult exec(Duration timeout, java.util.Map<String, String> env, String... command) {
        return Exec.run(timeout, wrap(command), env);
    }

    /** Starts a long-running command inside the namespace; killed on {@link #close()}. */
    public Process start(File log, String... command) {
        return start(log, java.util.Map.of(), command);
    }

    /** As {@link #start(File, String...)} with extra environment variables. */
    public Process start(File log, java.util.Map<String, String> env, String... command) {
        ProcessBuilder pb = new ProcessBuilder(wrap(command)).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(env);
        if (log != null) {
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log));
        } else {
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        try {
            Process p = pb.start();
            started.add(p);
            return p;
        } catch (IOException e) {
            throw new LabException("cannot start " + Arrays.toString(command) + " in " + name, e);
        }
    }

    List<String> wrap(String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(List.of(command));
        return full;
    }

    /** Pids of every process whose network namespace is this one. */
    public List<Long> pids() {
        return pidsIn(name);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Process p : started) {
            Exec.killTree(p.toHandle());
        }
        killAllIn(name);
        ExecResult del = Exec.run(IP_TIMEOUT, "ip", "netns", "del", name);
        if (!del.ok() && list().contains(name)) {
            throw new LabException("cannot delete namespace: " + del.describe());
        }
    }

    @Override
    public String toString() {
        return "netns " + name;
    }

    static List<Long> pidsIn(String ns) {
        ExecResult r = Exec.run(IP_TIMEOUT, "ip", "netns", "pids", ns);
        List<Long> pids = new ArrayList<>();
        for (String line : r.stdout().split("\\s+")) {
            if (!line.isBlank()) {
                pids.add(Long.parseLong(line.trim()));
            }
        }
        return pids;
    }

    static void killAllIn(String ns) {
        for (int round = 0; round < 5; round++) {
            List<Long> pids = pidsIn(ns);
            if (pids.isEmpty()) {
                return;
            }
            pids.forEach(Exec::killPid);
        }
    }

    /** Names of all namespaces ({@code ip netns list}, first word of each line). */
    public static List<String> list() {
        ExecResult r = Exec.run(IP_TIMEOUT, "ip", "netns", "list");
        List<String> names = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            if (!line.isBlank()) {
                names.add(line.trim().split("\\s+")[0]);
            }
        }
        return names;
    }
}
