// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import io.tgtha.cli.metrics.ColdMutexWaits;
import io.tgtha.cli.metrics.HostFallbacks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = "Prometheus text exposition of this node: tgtd up, per target its sessions and connections, per initiator connection its Send-Q, how long that has not drained and whether it is stuck (what status shows), followed by the agent host's operation counters, latency and mutex waits when it has written them, and the operations the wrappers ran cold because the host could not take them, with the mutex waits of operations that ran cold. For node_exporter's textfile collector use --textfile.")
final class MetricsCommand extends Subcommand {
    @Mixin
    TgtdOptions tgtd;

    @Mixin
    NetnsOption netns;

    @Mixin
    SamplingOptions sampling;

    @Option(names = "--no-cluster",
            description = "Do not ask Pacemaker for the targets' portal addresses (sockets are then matched by initiator address only).")
    boolean noCluster;

    @Option(names = "--agent-host-metrics", paramLabel = "FILE", converter = PathConverter.class,
            description = "The agent host's metrics file to append (default: RUN/host/metrics.prom; RUN is /run/tgtha or TGTHA_RUN_DIR).")
    Path hostMetrics;

    @Option(names = "--textfile", paramLabel = "FILE", converter = PathConverter.class,
            description = "Write to FILE (written aside and renamed, so a collector never reads half) instead of stdout. For node_exporter: a *.prom file in its --collector.textfile.directory.")
    Path textfile;

    @Override
    protected ExitCode execute(CliContext ctx) {
        NodeMetricsCollector node = new NodeMetricsCollector(tgtd.tgt(), netns.runner(ctx), ctx.runner(),
                new NodeMetricsCollector.Options(sampling.sample, sampling.stuckAfter, sampling.port, !noCluster));
        String text = node.collect() + agentHostMetrics(ctx);
        if (textfile != null) {
            writeAtomically(textfile, text);
        } else {
            ctx.out().print(text);
            ctx.out().flush();
        }
        return ExitCode.OK;
    }

    /**
     * The agent host writes its own exposition (other metric names) after every operation; appended as it is.
     * Absent when no host ran since boot. Then what cold runs recorded beside it: the wrappers' count of fallbacks
     * (HostFallbacks) and the cold JVMs' mutex waits (ColdMutexWaits).
     */
    private String agentHostMetrics(CliContext ctx) {
        Path file = hostMetrics != null ? hostMetrics : ctx.lockDir().resolveSibling("host").resolve("metrics.prom");
        String host;
        try {
            host = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            host = "";
        } catch (IOException e) {
            throw new CliException(ExitCode.FAILURE, "cannot read the agent host's metrics " + file + ": " + e.getMessage());
        }
        Path fallbacks = file.resolveSibling("fallbacks");
        Path coldWaits = file.resolveSibling(io.tgtha.ocf.lock.MutexWaitLog.FILE_NAME);
        try {
            return host + HostFallbacks.render(fallbacks) + ColdMutexWaits.render(coldWaits);
        } catch (IOException e) {
            throw new CliException(ExitCode.FAILURE, "cannot read the wrappers' counts " + fallbacks + ", " + coldWaits
                    + ": " + e.getMessage());
        }
    }

    private static void writeAtomically(Path file, String text) {
        try {
            // readable by all: node_exporter reads it as its own user
            io.tgtha.process.AtomicFile.write(file, text, "rw-r--r--");
        } catch (IOException e) {
            throw new CliException(ExitCode.FAILURE, "--textfile: cannot write " + file + ": " + e.getMessage());
        }
    }
}
