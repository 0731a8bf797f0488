// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real OCF wrapper (src/sh/ocf-agent.in, placeholders filled in as install.sh does, run-dir.sh included) against a stand-in host
 * on a privileged loopback port and a stand-in cold launcher: each cold run the host was wanted for appends its
 * reason to RUN/host/fallbacks, and only those.
 */
class WrapperCountsHostFallbacksTest {
    @TempDir
    Path dir;
    Path wrapper;
    Path run;

    @BeforeEach
    void wrapper() throws Exception {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Files.writeString(lib.resolve("build-id"), "b1\n");
        Path cold = lib.resolve("tgtha-agent");
        Files.writeString(cold, "#!/bin/sh\n[ \"$1\" = --host ] && exit 0\necho \"cold $*\"\nexit 7\n");
        Files.setPosixFilePermissions(cold, PosixFilePermissions.fromString("rwx------"));
        Path sh = Path.of(System.getProperty("tgtha.moduleDir", "."), "src/sh");
        String text = Files.readString(sh.resolve("ocf-agent.in"))
                .replace("@RUNDIR@\n", Files.readString(sh.resolve("run-dir.sh")))
                .replace("@AGENT@", "target").replace("@LIBDIR@", lib.toString())
                .replace("@DATADIR@", dir.resolve("share").toString()).replace("@SYSCONFDIR@", dir.resolve("etc").toString());
        wrapper = dir.resolve("target");
        Files.writeString(wrapper, text);
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
        run = dir.resolve("run");
        HostEndpoint.prepareDir(run);
        // the wrapper's wait for a starting host is its `sleep 1` loop: a sleep first on PATH appends its arguments
        // to DIR/sleeps before sleeping, so a test sees the wait happen (or not) instead of timing it
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path sleep = bin.resolve("sleep");
        Files.writeString(sleep, "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '" + dir.resolve("sleeps") + "'\nexec '"
                + realSleep() + "' \"$@\"\n");
        Files.setPosixFilePermissions(sleep, PosixFilePermissions.fromString("rwx------"));
        path = bin + ":" + System.getenv("PATH");
    }

    String path;

    private static String realSleep() {
        for (String d : System.getenv("PATH").split(":")) {
            Path p = Path.of(d.isEmpty() ? "." : d, "sleep");
            if (Files.isExecutable(p)) {
                return p.toAbsolutePath().toString();
            }
        }
        throw new IllegalStateException("no sleep on PATH");
    }

    /** The wrapper's `sleep` runs so far, one line of arguments each. */
    private String sleeps() throws Exception {
        Path f = dir.resolve("sleeps");
        return Files.exists(f) ? Files.readString(f) : "";
    }

    record Run(int rc, String out) {
    }

    private Run monitor(String... env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", wrapper.toString(), "monitor").redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("TGTHA_") || k.startsWith("OCF_"));
        pb.environment().put("TGTHA_RUN_DIR", run.toString());
        pb.environment().put("PATH", path);
        for (int i = 0; i < env.length; i += 2) {
            pb.environment().put(env[i], env[i + 1]);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    private String fallbacks() throws Exception {
        Path f = run.resolve("host/fallbacks");
        return Files.exists(f) ? Files.readString(f) : "";
    }

    /** A stand-in host that reads one request and answers with {@code answer}; after "a" it waits for "g" first. */
    private CompletableFuture<Void> host(ServerSocket server, String... answer) {
        return CompletableFuture.runAsync(() -> {
            try (Socket s = server.accept()) {
                InputStream in = new BufferedInputStream(s.getInputStream());
                HostRequest.read(in);
                OutputStream out = s.getOutputStream();
                for (String field : answer) {
                    out.write((field + "\0").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    if (field.equals("a")) {
                        assertThat(new String(in.readNBytes(2), StandardCharsets.UTF_8)).isEqualTo("g\0");
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private void endpoint(int port) throws Exception {
        Files.writeString(run.resolve("host/endpoint"), port + " tok b1 1\n");
    }

    @Test
    void noHostRunningIsCountedAsNoHost() throws Exception {
        Run r = monitor();
        assertThat(r.out()).isEqualTo("cold target monitor\n");
        assertThat(r.rc()).isEqualTo(7);
        assertThat(fallbacks()).isEqualTo("no_host\n");
        monitor();
        assertThat(fallbacks()).isEqualTo("no_host\nno_host\n");
    }

    @Test
    void aHostThatRefusesIsCountedAsNotAccepted() throws Exception {
        try (ServerSocket server = AgentHost.bindPrivilegedLoopbackPort()) {
            endpoint(server.getLocalPort());
            CompletableFuture<Void> host = host(server, "xnot authorised");
            Run r = monitor();
            host.get(30, TimeUnit.SECONDS);
            assertThat(r.out()).isEqualTo("cold target monitor\n");
            assertThat(fallbacks()).isEqualTo("not_accepted\n");
        }
    }

    @Test
    void aHostThatDropsTheConnectionBeforeTheExitCodeIsCountedAsBroken() throws Exception {
        try (ServerSocket server = AgentHost.bindPrivilegedLoopbackPort()) {
            endpoint(server.getLocalPort());
            CompletableFuture<Void> host = host(server, "a", "opartial");
            Run r = monitor();
            host.get(30, TimeUnit.SECONDS);
            assertThat(r.out()).isEqualTo("cold target monitor\n");
            assertThat(fallbacks()).isEqualTo("broken\n");
        }
    }

    @Test
    void anOperationTheHostRanIsNotCounted() throws Exception {
        try (ServerSocket server = AgentHost.bindPrivilegedLoopbackPort()) {
            endpoint(server.getLocalPort());
            CompletableFuture<Void> host = host(server, "a", "orunning\n", "e", "r0");
            Run r = monitor();
            host.get(30, TimeUnit.SECONDS);
            assertThat(r.out()).isEqualTo("running\n");
            assertThat(r.rc()).isZero();
            assertThat(fallbacks()).isEmpty();
        }
    }

    /**
     * Regression: on a node's first operations (Pacemaker probes every resource at once) no host was up, so each
     * operation started one and went cold itself: 65 JVMs at once on 2 cores, probes past their 20 s timeout.
     * Now an operation that finds a host just started waits (up to 2 s) for its endpoint and runs in it.
     */
    @Test
    void anOperationThatFindsAHostStartingWaitsForItInsteadOfGoingCold() throws Exception {
        try (ServerSocket server = AgentHost.bindPrivilegedLoopbackPort()) {
            // the stand-in launcher's --host writes the endpoint a moment later, as a starting JVM would
            Path cold = dir.resolve("lib/tgtha-agent");
            Files.writeString(cold, "#!/bin/bash\nif [ \"$1\" = --host ]; then sleep 0.5; printf '%s tok b1 1\\n' "
                    + server.getLocalPort() + " > \"$TGTHA_RUN_DIR/host/endpoint\"; exit 0; fi\necho \"cold $*\"\nexit 7\n");
            CompletableFuture<Void> host = host(server, "a", "orunning\n", "e", "r0");
            Run r = monitor();
            host.get(30, TimeUnit.SECONDS);
            assertThat(r.out()).isEqualTo("running\n");
            assertThat(r.rc()).isZero();
            assertThat(fallbacks()).isEmpty();
        }
    }

    /**
     * Regression (scale, 64 x 4): in a node's first probe burst the host took up to 16 s to its endpoint, and every
     * operation that came more than 5 s after the start began went cold at once, each a JVM more in the burst that
     * kept the host from starting. A start that began 8 s ago and whose process lives is still waited for.
     */
    @Test
    void anOperationWaitsForAHostWhoseStartBeganSecondsAgo() throws Exception {
        Process starting = new ProcessBuilder("sleep", "30").start();
        try (ServerSocket server = AgentHost.bindPrivilegedLoopbackPort()) {
            Files.writeString(run.resolve("host/last-start"),
                    (System.currentTimeMillis() / 1000 - 8) + " " + starting.pid() + "\n");
            CompletableFuture<Void> host = host(server, "a", "orunning\n", "e", "r0");
            // the endpoint appears only once the wrapper is in its wait loop (its first `sleep 1` began): the test
            // sees the wait happen instead of assuming it after a guessed 1.5 s (20 s: a bound for a loaded machine)
            CompletableFuture<Void> ready = CompletableFuture.runAsync(() -> {
                try {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                    while (sleeps().isEmpty() && System.nanoTime() < deadline) {
                        Thread.sleep(10);
                    }
                    endpoint(server.getLocalPort());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Run r = monitor();
            assertThat(sleeps()).as("the wrapper waited for the starting host's endpoint, a second a look").startsWith("1\n");
            assertThat(r.out()).isEqualTo("running\n");
            assertThat(r.rc()).isZero();
            assertThat(fallbacks()).isEmpty();
            ready.get(30, TimeUnit.SECONDS);
            host.get(30, TimeUnit.SECONDS);
        } finally {
            starting.destroyForcibly();
        }
    }

    /**
     * Regression (CI, PackageOnDebian12IT/13IT: no agent host running): host/last-start became "TIME PID", and the
     * start's rate limit read the whole line as a number; the arithmetic error meant no operation ever started a host
     * again after the first start. A start older than 10 s is followed by a new one.
     */
    @Test
    void aHostStartOlderThanTenSecondsIsFollowedByANewOne() throws Exception {
        Path started = dir.resolve("host-started");
        Files.writeString(dir.resolve("lib/tgtha-agent"), "#!/bin/sh\n[ \"$1\" = --host ] && { touch '" + started
                + "'; exit 0; }\necho \"cold $*\"\nexit 7\n");
        Files.writeString(run.resolve("host/last-start"), (System.currentTimeMillis() / 1000 - 60) + " 999999\n");
        Run r = monitor();
        assertThat(r.out()).isEqualTo("cold target monitor\n");
        // the launcher runs in the background: give it the whole margin of a loaded machine to get there
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.exists(started) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(started).as("a new host was started").exists();
        assertThat(Files.readString(run.resolve("host/last-start"))).matches("\\d+ \\d+\n");
    }

    /** A start whose process has died is not waited for: a host that cannot start costs no operation 5 s. */
    @Test
    void anOperationDoesNotWaitForAHostStartThatDied() throws Exception {
        Process died = new ProcessBuilder("true").start();
        assertThat(died.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Files.writeString(run.resolve("host/last-start"), (System.currentTimeMillis() / 1000 - 2) + " " + died.pid() + "\n");
        Run r = monitor();
        assertThat(r.out()).isEqualTo("cold target monitor\n");
        assertThat(fallbacks()).isEqualTo("no_host\n");
        assertThat(sleeps()).as("looks (a second each) at the endpoint of a start that died").isEmpty();
    }

    /**
     * Regression: the wrapper took TGTHA_RUN_DIR before it read /etc/default/tgtha, so a run directory set there
     * moved the JVMs' locks (io.tgtha.process.RunDir) but not the wrapper's host files.
     */
    @Test
    void aRunDirSetOnlyInTheDefaultsFileIsTheOneTheWrapperUses() throws Exception {
        Path etc = Files.createDirectories(dir.resolve("etc/default"));
        Files.writeString(etc.resolve("tgtha"), "TGTHA_RUN_DIR=" + run + "\n");
        ProcessBuilder pb = new ProcessBuilder("bash", wrapper.toString(), "monitor").redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("TGTHA_") || k.startsWith("OCF_"));
        Process p = pb.start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(fallbacks()).as("RUN/host/fallbacks under the defaults file's run directory").isEqualTo("no_host\n");
    }

    @Test
    void coldRunsWithTheHostTurnedOffAreNotFallbacks() throws Exception {
        Run r = monitor("TGTHA_AGENT_HOST", "off");
        assertThat(r.out()).isEqualTo("cold target monitor\n");
        Files.createFile(run.resolve("agent-host.off"));
        monitor();
        assertThat(fallbacks()).isEmpty();
    }
}
