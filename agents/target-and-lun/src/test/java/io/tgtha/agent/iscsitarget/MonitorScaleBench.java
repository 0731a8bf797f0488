// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.iscsitarget;

import io.tgtha.agent.lun.LunAgents;
import io.tgtha.agent.tgt.TgtConnector;
import io.tgtha.ocf.agent.ResourceAgent;
import io.tgtha.testkit.Initiator;
import io.tgtha.testkit.IscsiUrl;
import io.tgtha.testkit.TgtdRequestCounter;
import io.tgtha.testkit.TgtdRequestCounter.Exchange;
import io.tgtha.tgt.ShowReadingTimes;
import io.tgtha.tgt.TgtClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What one monitor of the target and LUN agents costs as the number of targets on a node grows: N targets
 * with M LUNs each (sparse files) in a real tgtd in a network namespace, every monitor run in-process through
 * {@link io.tgtha.ocf.agent.AgentRunner} as the agent host's {@code AgentLauncher.launch} runs it, except that the agent
 * is built around a tgt client aimed at a {@link TgtdRequestCounter} in front of tgtd. Per monitor: tgtd requests and their kinds, bytes of tgtd's
 * answers (all of which the client reads and parses), time tgtd took (waiting) and the rest of the wall time
 * (the agent: parsing, checks, logging); then the same monitors from several threads at once, as Pacemaker
 * sends them to the host. Counts and bytes are exact; times are only as quiet as the machine.
 *
 * <p>Run with ocf-wrappers/bench/monitor-scale (root; tgtd, tgtadm, iscsi-perf).
 */
public final class MonitorScaleBench {
    private static final String IQN = "iqn.2026-12.io.tgtha:scale.t";

    private record Options(List<Integer> targets, int luns, int rounds, int perfTargets, int threads) {
        static Options parse(String[] args) {
            List<Integer> targets = List.of(8, 16, 32, 64);
            int luns = 4;
            int rounds = 3;
            int perf = 2;
            int threads = 8;
            for (int i = 0; i < args.length; i++) {
                String v = i + 1 < args.length ? args[i + 1] : "";
                switch (args[i]) {
                    case "--targets" -> targets = Arrays.stream(v.split(",")).map(Integer::parseInt).sorted().toList();
                    case "--luns" -> luns = Integer.parseInt(v);
                    case "--rounds" -> rounds = Integer.parseInt(v);
                    case "--perf-targets" -> perf = Integer.parseInt(v);
                    case "--threads" -> threads = Integer.parseInt(v);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + " (--targets 8,16,32,64 --luns 4 --rounds 3 --perf-targets 2 --threads 8)");
                }
                i++;
            }
            return new Options(targets, luns, rounds, perf, threads);
        }
    }

    /** One monitor as measured: its exit code, wall time and what it asked of tgtd. */
    private record Sample(String kind, int rc, long wallNanos, List<Exchange> exchanges) {
        long tgtdNanos() {
            return exchanges.stream().mapToLong(Exchange::tgtdNanos).sum();
        }

        long bytes() {
            return exchanges.stream().mapToLong(Exchange::responseBytes).sum();
        }
    }

    private final Options options;
    private final AgentLab lab;
    private final TgtdRequestCounter relay;
    private final TgtConnector relayed;
    /** The same, its clients sharing shows as the agent host's do (one sharing for the whole run, like the host). */
    private final TgtConnector relayedShared;
    private final Path locks;
    private int started;

    private MonitorScaleBench(Options options, AgentLab lab, TgtdRequestCounter relay, Path locks) {
        this.options = options;
        this.lab = lab;
        this.relay = relay;
        this.locks = locks;
        this.relayed = AgentLab.connectorVia(relay.socket());
        this.relayedShared = AgentLab.connectorVia(relay.socket(), new io.tgtha.tgt.ShowSharing());
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        AgentLab.require();
        Path work = Files.createTempDirectory("monitor-scale-");
        try (AgentLab lab = AgentLab.start("b");
             TgtdRequestCounter relay = TgtdRequestCounter.relay(work.resolve("relay.sock"),
                     TgtdRequestCounter.tgtdSocket(lab.port()))) {
            new MonitorScaleBench(options, lab, relay, work.resolve("locks")).run();
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // temp files only
            }
        }
        System.exit(0); // relay and pool threads are daemons, but iscsi-perf pumps may linger
    }

    private void run() throws Exception {
        System.out.printf("monitor-scale: %s targets x %d LUNs, %d rounds, %d concurrent threads, load: iscsi-perf"
                        + " -m 1 -b 8 on LUN 1 of %d targets%n", options.targets(), options.luns(), options.rounds(),
                options.threads(), options.perfTargets());
        System.out.println();
        System.out.println("one monitor at a time (per monitor; requests and bytes exact, times medians; tgtd ms: from"
                + " the relay passing a request on to the last byte of tgtd's answer; agent ms: wall - tgtd ms):");
        System.out.printf("%-5s %-4s %-6s %-9s %-34s %10s %9s %9s %9s %9s%n", "N", "load", "kind", "requests",
                "request kinds", "bytes", "tgtd ms", "agent ms", "wall p50", "wall p99");
        List<String> concurrent = new ArrayList<>();
        List<String> parse = new ArrayList<>();
        for (int n : options.targets()) {
            while (started < n) {
                startTarget(++started);
            }
            for (boolean load : List.of(false, true)) {
                List<Initiator.PerfLoad> perf = load ? startLoad(n) : List.of();
                try {
                    List<Sample> samples = new ArrayList<>();
                    for (int r = 0; r < options.rounds(); r++) {
                        samples.addAll(oneAtATime(n));
                    }
                    for (String kind : List.of("target", "lun")) {
                        printRow(n, load, kind, samples.stream().filter(s -> s.kind().equals(kind)).toList());
                    }
                    concurrent.add(concurrently(n, load, "each", relayed));
                    concurrent.add(concurrently(n, load, "shared", relayedShared));
                    parse.add(showCost(n, load));
                } finally {
                    perf.forEach(Initiator.PerfLoad::close);
                }
            }
        }
        System.out.println();
        System.out.println("all monitors of a round at once from " + options.threads() + " threads; shows: each"
                + " monitor its own (before) or shared between monitors that overlap, never one started before a"
                + " monitor asked (after, as in the agent host); requests per monitor, then tgtd's show requests and"
                + " the bytes of its answers to them per whole round:");
        System.out.printf("%-5s %-4s %-6s %9s %9s %9s %9s %9s %11s %13s%n", "N", "load", "shows", "monitors",
                "requests", "wall p50", "wall p99", "round s", "shows/round", "show KB/round");
        concurrent.forEach(System.out::println);
        System.out.println();
        System.out.println("the tgt client alone, medians of 40 after 10 warm-up calls: showTargets() (all targets"
                + " read) and showTarget(IQN) (one target read; what the monitors call), client ms = wall - tgtd ms;"
                + " then the reader alone on the same text, no socket (medians of 50):");
        System.out.printf("%-5s %-4s %10s %9s %9s %9s %9s %9s%n", "N", "load", "show bytes", "tgtd ms", "client all",
                "client one", "read all", "read one");
        parse.forEach(System.out::println);
    }

    private void startTarget(int i) {
        String iqn = iqn(i);
        AgentCall.Result t = lab.target(iqn).param("allowed_initiators", lab.initiatorIp()).run("start");
        if (t.rc() != 0) {
            throw new IllegalStateException("start of " + iqn + ": " + t);
        }
        for (int l = 1; l <= options.luns(); l++) {
            Path disk = lab.backingFile("t" + i + "l" + l + ".img", 64);
            AgentCall.Result r = lab.lun(lunResource(i, l), iqn, l, disk).run("start");
            if (r.rc() != 0) {
                throw new IllegalStateException("start of LUN " + l + " of " + iqn + ": " + r);
            }
        }
    }

    private List<Initiator.PerfLoad> startLoad(int n) throws InterruptedException {
        List<Initiator.PerfLoad> perf = new ArrayList<>();
        for (int i = 1; i <= Math.min(n, options.perfTargets()); i++) {
            perf.add(lab.initiator().startPerf(IscsiUrl.lun(lab.targetIp(), iqn(i), 1), Duration.ofSeconds(900), 100,
                    1, 8));
        }
        if (!perf.isEmpty()) {
            lab.awaitTraffic(1 << 20, Duration.ofSeconds(30));
        }
        return perf;
    }

    private List<Sample> oneAtATime(int n) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            samples.add(measure("target", targetMonitor(i)));
            for (int l = 1; l <= options.luns(); l++) {
                samples.add(measure("lun", lunMonitor(i, l)));
            }
        }
        return samples;
    }

    private Sample measure(String kind, AgentCall monitor) {
        relay.drain();
        long t0 = System.nanoTime();
        int rc = monitor.run("monitor").rc();
        long wall = System.nanoTime() - t0;
        Sample s = new Sample(kind, rc, wall, relay.drain());
        if (rc != 0) {
            throw new IllegalStateException(kind + " monitor rc " + rc);
        }
        return s;
    }

    private String concurrently(int n, boolean load, String shows, TgtConnector connector) throws Exception {
        List<Supplier<AgentCall>> monitors = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            int t = i;
            monitors.add(() -> targetMonitor(t, connector));
            for (int l = 1; l <= options.luns(); l++) {
                int lun = l;
                monitors.add(() -> lunMonitor(t, lun, connector));
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(options.threads());
        try {
            relay.drain();
            long t0 = System.nanoTime();
            List<Future<Long>> walls = new ArrayList<>();
            for (Supplier<AgentCall> m : monitors) {
                walls.add(pool.submit(() -> {
                    long s = System.nanoTime();
                    int rc = m.get().run("monitor").rc();
                    if (rc != 0) {
                        throw new IllegalStateException("monitor rc " + rc);
                    }
                    return System.nanoTime() - s;
                }));
            }
            List<Long> w = new ArrayList<>();
            for (Future<Long> f : walls) {
                w.add(f.get());
            }
            long round = System.nanoTime() - t0;
            List<Exchange> exchanges = relay.drain();
            List<Exchange> showExchanges = exchanges.stream().filter(e -> e.what().equals("show target")).toList();
            return String.format("%-5d %-4s %-6s %9d %9.2f %9.1f %9.1f %9.2f %11d %13d", n, load ? "perf" : "idle", shows,
                    monitors.size(), (double) exchanges.size() / monitors.size(), ms(percentile(w, 50)),
                    ms(percentile(w, 99)), round / 1e9, showExchanges.size(),
                    showExchanges.stream().mapToLong(Exchange::responseBytes).sum() / 1024);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The tgt client's showTargets() and showTarget(IQN): tgtd's time from the relay, the client's (reading,
     * parsing) the rest.
     */
    private String showCost(int n, boolean load) {
        TgtClient client = relayed.connect(lab.port());
        long[] bytes = new long[1];
        List<Long> tgtd = new ArrayList<>();
        List<Long> all = clientTimes(() -> {
            if (client.showTargets().size() != n) {
                throw new IllegalStateException("showTargets did not find all " + n + " targets");
            }
        }, tgtd, bytes);
        List<Long> one = clientTimes(() -> client.showTarget(iqn(n)).orElseThrow(), new ArrayList<>(), bytes);
        String show = lab.tgtd().tgtadm("--op", "show", "--mode", "target").orThrow().stdout();
        String lld = lab.tgtd().tgtadm("--op", "show", "--mode", "lld").orThrow().stdout();
        long[] reading = ShowReadingTimes.medians(show, lld, iqn(n), 50);
        return String.format("%-5d %-4s %10d %9.2f %9.2f %9.2f %9.2f %9.2f", n, load ? "perf" : "idle", bytes[0],
                ms(percentile(tgtd, 50)), ms(percentile(all, 50)), ms(percentile(one, 50)), ms(reading[0]),
                ms(reading[1]));
    }

    private List<Long> clientTimes(Runnable call, List<Long> tgtd, long[] showBytes) {
        List<Long> rest = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            call.run(); // warm-up: the JIT, not the code, would otherwise be measured
        }
        for (int i = 0; i < 40; i++) {
            relay.drain();
            long t0 = System.nanoTime();
            call.run();
            long wall = System.nanoTime() - t0;
            List<Exchange> ex = relay.drain();
            long waited = ex.stream().mapToLong(Exchange::tgtdNanos).sum();
            tgtd.add(waited);
            rest.add(wall - waited);
            showBytes[0] = ex.stream().filter(e -> e.what().equals("show target")).mapToLong(Exchange::responseBytes)
                    .sum();
        }
        return rest;
    }

    private void printRow(int n, boolean load, String kind, List<Sample> samples) {
        Map<String, Long> kinds = new TreeMap<>(samples.stream().flatMap(s -> s.exchanges().stream())
                .collect(Collectors.groupingBy(Exchange::what, Collectors.counting())));
        String mix = kinds.entrySet().stream()
                .map(e -> String.format("%.1f %s", (double) e.getValue() / samples.size(), e.getKey()))
                .collect(Collectors.joining(", "));
        List<Long> walls = samples.stream().map(Sample::wallNanos).toList();
        System.out.printf("%-5d %-4s %-6s %-9s %-34s %10d %9.2f %9.2f %9.2f %9.2f%n", n, load ? "perf" : "idle", kind,
                range(samples.stream().mapToInt(s -> s.exchanges().size()).boxed().toList()), mix,
                samples.stream().mapToLong(Sample::bytes).sum() / samples.size(),
                ms(percentile(samples.stream().map(Sample::tgtdNanos).toList(), 50)),
                ms(percentile(samples.stream().map(s -> s.wallNanos() - s.tgtdNanos()).toList(), 50)),
                ms(percentile(walls, 50)), ms(percentile(walls, 99)));
    }

    private static String range(List<Integer> counts) {
        int min = counts.stream().mapToInt(Integer::intValue).min().orElse(0);
        int max = counts.stream().mapToInt(Integer::intValue).max().orElse(0);
        return min == max ? Integer.toString(min) : min + "-" + max;
    }

    private AgentCall targetMonitor(int i) {
        return targetMonitor(i, relayed);
    }

    private AgentCall targetMonitor(int i, TgtConnector connector) {
        return new AgentCall(new TargetAgent(connector, TgtConfigFiles.system(), locks))
                .env("OCF_RESOURCE_INSTANCE", "p_target_t" + i).param("iqn", iqn(i))
                .param("allowed_initiators", lab.initiatorIp())
                .param("tgt_control_port", Integer.toString(lab.port())).timeoutMs(20_000).recurring();
    }

    private AgentCall lunMonitor(int i, int l) {
        return lunMonitor(i, l, relayed);
    }

    private AgentCall lunMonitor(int i, int l, TgtConnector connector) {
        return new AgentCall(LunAgents.with(connector)).env("OCF_RESOURCE_INSTANCE", lunResource(i, l))
                .param("target_iqn", iqn(i)).param("lun", Integer.toString(l))
                .param("path", lab.backingFilePath("t" + i + "l" + l + ".img").toString())
                .param("tgt_control_port", Integer.toString(lab.port())).timeoutMs(20_000).recurring();
    }

    private static String iqn(int i) {
        return IQN + i;
    }

    private static String lunResource(int i, int l) {
        return "p_lun_t" + i + "_" + l;
    }

    private static long percentile(List<Long> values, int p) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
