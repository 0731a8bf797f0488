// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.host;

import io.tgtha.agent.tgt.RealTgtConnector;
import io.tgtha.cli.NodeMetricsCollector;
import io.tgtha.cli.metrics.ColdMutexWaits;
import io.tgtha.cli.metrics.HostFallbacks;
import io.tgtha.launcher.AgentCatalog;
import io.tgtha.launcher.AgentLauncher;
import io.tgtha.ocf.OcfEnvironment;
import io.tgtha.ocf.OcfExitCode;
import io.tgtha.ocf.agent.AgentRunner;
import io.tgtha.ocf.exec.ProcessCommandRunner;
import io.tgtha.ocf.lock.FileMutex;
import io.tgtha.ocf.log.OcfLog;
import io.tgtha.process.ProcessException;
import io.tgtha.process.ProcessRequest;
import io.tgtha.process.ProcessRunner;
import io.tgtha.tgt.ShowSharing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The agent host: one warm JVM per node that runs every tgt-ha agent operation the OCF wrappers hand it,
 * so an operation costs its real work, not a JVM start (docs/architecture.md, "Agent host").
 *
 * <p>Never needed for correctness: a wrapper that finds no host, a host of another build, or one that
 * does not accept within two seconds runs the operation in a cold JVM as before, and so does a wrapper
 * whose connection breaks before the exit code arrived (OCF operations are idempotent).
 *
 * <p>Exchange, after the request ({@link HostRequest}): the host answers {@code a\0} (accepted) or
 * {@code x<reason>\0}; the wrapper says {@code g\0} (go) once it is committed to wait, so an operation a
 * wrapper gave up on is never run twice; then {@code o<stdout>\0}, {@code e<stderr>\0}, {@code r<rc>\0}.
 */
public final class AgentHost {
    /** Requests in flight at once; more wait for a thread (Pacemaker's own batch limit is lower). */
    static final int MAX_CONCURRENT = 128;
    static final Duration READ_REQUEST = Duration.ofSeconds(2);
    static final int FIRST_PORT = 600;
    static final int LAST_PORT = 1023;
    /** Time after an operation's deadline before the host answers for it (the agent bounds its own waits). */
    static final Duration GRACE = Duration.ofMillis(250); // inside the budget's margin (>= 500 ms) of Pacemaker's timeout

    private final Path runDir;
    private final String build;
    private final Path buildFile;
    private final ServerSocket server;
    private final HostEndpoint endpoint;
    private final byte[] token;
    private final ExecutorService connections;
    private final ExecutorService operations;
    private final OperationMetrics metrics = new OperationMetrics(AgentCatalog.TGTHA.knownNames(), System.currentTimeMillis());
    /**
     * The agents, their tgt clients sharing shows of tgtd's targets across the operations running at once: the one
     * piece of state operations share (docs/architecture.md, "Agent host").
     */
    private final AgentCatalog catalog = AgentCatalog.TGTHA.withTgt(RealTgtConnector.sharingShows(new ShowSharing()));
    private volatile boolean stopping;

    private AgentHost(Path runDir, String build, Path buildFile, ServerSocket server, String token) {
        this.runDir = runDir;
        this.build = build;
        this.buildFile = buildFile;
        this.server = server;
        this.token = token.getBytes(StandardCharsets.US_ASCII);
        this.endpoint = new HostEndpoint(server.getLocalPort(), token, build, ProcessHandle.current().pid());
        this.connections = Executors.newFixedThreadPool(MAX_CONCURRENT, daemon("tgtha-host-conn"));
        this.operations = Executors.newCachedThreadPool(daemon("tgtha-host-op"));
    }

    /** {@code AgentHost RUN_DIR BUILD_FILE}: serves until killed or until the installed build changes. */
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: AgentHost RUN_DIR BUILD_FILE");
            System.exit(2);
        }
        Path runDir = Path.of(args[0]);
        Path buildFile = Path.of(args[1]);
        String build = Files.readString(buildFile, StandardCharsets.US_ASCII).strip();
        Path dir = HostEndpoint.prepareDir(runDir);
        // exactly one host per node: the loser of a start race leaves quietly; the kernel frees the lock
        // when the holder dies, so a killed host never blocks the next one
        FileChannel lockFile = FileChannel.open(dir.resolve("host.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock = lockFile.tryLock();
        if (lock == null) {
            return;
        }
        ServerSocket server = bindPrivilegedLoopbackPort();
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        AgentHost host = new AgentHost(runDir, build, buildFile, server, HexFormat.of().formatHex(secret));
        FileMutex.observeWaits(host.metrics.mutexWaits());
        NodeMetricsCollector node = NodeMetricsCollector.ofThisNode(new ProcessCommandRunner(null,
                new OcfLog(OcfEnvironment.ofSystem(), "tgtha-agent-host", System.err)));
        MetricsHttpEndpoint.start(System.getenv(MetricsHttpEndpoint.SETTING),
                out -> writeExposition(node, host.metrics, runDir, out), AgentHost::logOnce);
        host.endpoint.write(runDir);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> host.endpoint.removeIfOurs(runDir)));
        host.serve();
        host.endpoint.removeIfOurs(runDir);
        lock.release();
        System.exit(0);
    }

    /**
     * A free loopback port below 1024, which only root can bind (ip_unprivileged_port_start): while no host
     * runs, a local user cannot listen on the port a stale endpoint names and pose as the host to a
     * wrapper. The wrapper refuses any endpoint port at or above that limit.
     */
    static ServerSocket bindPrivilegedLoopbackPort() throws IOException {
        java.util.List<Integer> ports = new java.util.ArrayList<>();
        for (int p = FIRST_PORT; p <= LAST_PORT; p++) {
            ports.add(p);
        }
        java.util.Collections.shuffle(ports, new SecureRandom());
        for (int p : ports) {
            ServerSocket s = new ServerSocket();
            try {
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), p), 512);
                return s;
            } catch (java.net.BindException taken) {
                s.close();
            }
        }
        throw new IOException("no free loopback port in " + FIRST_PORT + "-" + LAST_PORT);
    }

    private void serve() {
        while (!stopping) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                if (stopping) {
                    return;
                }
                continue;
            }
            connections.execute(() -> handle(s));
        }
    }

    private void handle(Socket s) {
        try (s) {
            s.setSoTimeout((int) READ_REQUEST.toMillis());
            s.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            HostRequest request;
            try {
                request = HostRequest.read(in);
            } catch (HostRequest.Malformed e) {
                metrics.refused("malformed");
                writeMetrics();
                send(out, "x" + e.getMessage());
                return;
            }
            String refusal = refusal(request);
            if (refusal != null) {
                metrics.refused(refusal);
                writeMetrics();
                send(out, "x" + refusal);
                return;
            }
            send(out, "a");
            if (!"g".equals(readField(in))) {
                return; // the wrapper gave up and runs the operation cold: never run it twice
            }
            long began = System.nanoTime();
            Result r = run(request);
            metrics.operation(request.agent(), request.args().isEmpty() ? "" : request.args().get(0), r.rc,
                    Duration.ofNanos(System.nanoTime() - began), r.timedOut);
            writeMetrics();
            send(out, "o" + r.stdout, "e" + r.stderr, "r" + r.rc);
        } catch (SocketTimeoutException e) {
            // a client that sends nothing: dropped
        } catch (IOException e) {
            // the wrapper went away: it runs the operation again cold if it still can
        }
    }

    /** Why this request is not served, or null. The token is compared in constant time. */
    private String refusal(HostRequest request) {
        if (!MessageDigest.isEqual(token, request.token().getBytes(StandardCharsets.US_ASCII))) {
            return "not authorised";
        }
        if (!build.equals(request.build())) {
            retireIfReplaced();
            return "host of build " + build + ", wrapper of build " + request.build();
        }
        if (stopping) {
            return "host is stopping";
        }
        String differs = differingNodeSetting(System.getenv(), request.env());
        return differs == null ? null : "node setting " + differs + " differs from the host's";
    }

    /**
     * The settings the agents take from their process's environment rather than from the operation's, with
     * the value an unset one means: a wrapper with other values is not this host's to serve.
     */
    static final Map<String, String> NODE_SETTINGS = Map.of(io.tgtha.process.RunDir.VARIABLE,
            io.tgtha.process.RunDir.DEFAULT.toString(), "TGT_IPC_SOCKET", "");

    /** The first node setting whose effective value differs between the host and a request, or null. */
    static String differingNodeSetting(Map<String, String> host, Map<String, String> request) {
        for (Map.Entry<String, String> setting : NODE_SETTINGS.entrySet()) {
            if (!effective(setting, host.get(setting.getKey())).equals(effective(setting, request.get(setting.getKey())))) {
                return setting.getKey();
            }
        }
        return null;
    }

    private static String effective(Map.Entry<String, String> setting, String value) {
        if (setting.getKey().equals(io.tgtha.process.RunDir.VARIABLE)) {
            return io.tgtha.process.RunDir.of(value).toString(); // a relative value means the default, as everywhere
        }
        return value == null || value.isEmpty() ? setting.getValue() : value;
    }

    /** An upgrade installed another build: stop taking requests, finish those in flight, exit. */
    private void retireIfReplaced() {
        boolean replaced;
        try {
            replaced = !Files.readString(buildFile, StandardCharsets.US_ASCII).strip().equals(build);
        } catch (IOException e) {
            replaced = true; // build file gone: uninstalled
        }
        if (replaced) {
            stopping = true;
            endpoint.removeIfOurs(runDir);
            try {
                server.close();
            } catch (IOException ignored) {
                // closing a listening socket does not fail in a way that matters here
            }
        }
    }

    private record Result(int rc, String stdout, String stderr, boolean timedOut) {
    }

    /**
     * What the HTTP endpoint serves: what {@code tgtha metrics --sample 0} prints, in its order (the
     * node's tgtd, targets and connections; this host's metrics, from memory rather than the file it writes; what
     * cold runs recorded beside it), in this JVM: a scrape costs one {@code ss} and one {@code cibadmin}, not a JVM.
     */
    static void writeExposition(NodeMetricsCollector node, OperationMetrics metrics, Path runDir, OutputStream out)
            throws IOException {
        String nodePart = node.collect(); // first: a failure here answers 500 before anything is written
        out.write(nodePart.getBytes(StandardCharsets.UTF_8));
        metrics.writeTo(out);
        out.write(HostFallbacks.render(HostFallbacks.file(runDir)).getBytes(StandardCharsets.UTF_8));
        out.write(ColdMutexWaits.render(io.tgtha.ocf.lock.MutexWaitLog.file(runDir)).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A problem with the host's own settings, said once at start: on stderr (the journal, where systemd runs the
     * host) and to syslog through logger (a host a wrapper started has no stderr).
     */
    private static void logOnce(String message) {
        System.err.println("tgtha-agent-host: " + message);
        try {
            new ProcessRunner().runToExit(ProcessRequest.of(Duration.ofSeconds(5),
                    "logger", "-t", "tgtha-agent-host", "-p", "daemon.warning", "--", message).withOutputLimit(4096));
        } catch (ProcessException e) {
            // no logger, or a stuck one (ended by the runner): stderr said it
        }
    }

    /** RUN/host/metrics.prom for {@code tgtha metrics}; a failed write costs the operation nothing. */
    private void writeMetrics() {
        try {
            metrics.writeTo(HostEndpoint.dir(runDir).resolve("metrics.prom"));
        } catch (IOException | RuntimeException e) {
            // the next operation writes it again
        }
    }

    /**
     * One operation on its own thread with its own environment; the host answers by the operation's own
     * deadline (plus {@link #GRACE}) whatever the operation does, as a cold run would have been killed.
     */
    private Result run(HostRequest request) {
        Instant received = Instant.now();
        Map<String, String> env = new LinkedHashMap<>(request.env());
        env.put("TGTHA_CALLER_PID", Long.toString(request.callerPid()));
        OcfEnvironment ocf = new OcfEnvironment(env);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        String[] args = new String[request.args().size() + 1];
        args[0] = request.agent();
        for (int i = 0; i < request.args().size(); i++) {
            args[i + 1] = request.args().get(i);
        }
        PrintStream o = new PrintStream(stdout, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(stderr, true, StandardCharsets.UTF_8);
        Future<Integer> op = operations.submit(() -> AgentLauncher.launch(catalog, args, ocf, o, e, received));
        Duration limit = AgentLauncher.budget(catalog, args, ocf).plus(GRACE);
        int rc;
        boolean timedOut = false;
        try {
            rc = op.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException t) {
            op.cancel(true);
            timedOut = true;
            synchronized (stderr) {
                e.println(ocf.exitReasonPrefix() + "operation did not end within its timeout of "
                        + limit.minus(GRACE).toMillis() + " ms (agent host)");
            }
            rc = OcfExitCode.ERR_GENERIC.code();
        } catch (Exception x) {
            e.println(ocf.exitReasonPrefix() + "internal error in the tgt-ha agent host: " + x.getClass().getSimpleName());
            rc = OcfExitCode.ERR_GENERIC.code();
        }
        return new Result(rc, stdout.toString(StandardCharsets.UTF_8).replace('\0', '?'),
                stderr.toString(StandardCharsets.UTF_8).replace('\0', '?'), timedOut);
    }

    private static void send(OutputStream out, String... fields) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (String f : fields) {
            b.write(f.getBytes(StandardCharsets.UTF_8));
            b.write(0);
        }
        out.write(b.toByteArray());
        out.flush();
    }

    private static String readField(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c > 0; c = in.read()) {
            if (b.size() > 64) {
                return null;
            }
            b.write(c);
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
