// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import io.tgtha.cli.cluster.ClusterStatus;
import io.tgtha.cli.cluster.Pacemaker;
import io.tgtha.cli.cluster.ResourceResolver;
import io.tgtha.cli.cluster.ResourceResolver.Resolved;
import io.tgtha.cli.cluster.TargetResource;
import io.tgtha.cli.out.Json;
import io.tgtha.cli.out.Progress;
import io.tgtha.cli.out.Style;
import io.tgtha.ocf.Deadline;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

@Command(name = "failover", mixinStandardHelpOptions = true,
        description = "Move target resources to another node through Pacemaker (crm_resource --move with a lifetime), wait until they run there, report how long each took, then clear the move constraint (crm_resource --clear). Refuses, changing nothing, when the cluster is not healthy. TARGET is an IQN (its resource's group moves, or the resource itself) or a resource id.")
final class FailoverCommand extends Subcommand {
    /** What --json prints: the field names are an interface. */
    record FailoverReport(String to, String result, long elapsedMillis, List<Moved> resources, List<String> clearFailures) {
    }

    record Moved(String resource, String iqn, List<String> from, String result, long millis, boolean constraintCleared) {
    }

    static final class Which {
        @Parameters(arity = "1", paramLabel = "TARGET", description = "IQN, or a resource/group id.")
        String target;
        @Option(names = "--all", required = true, description = "Every target resource of the cluster.")
        boolean all;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    @Option(names = "--to", required = true, paramLabel = "NODE", description = "Node to move to.")
    String to;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Give up waiting after this long (default: 120s; exit code 5; the constraint is still cleared).")
    Duration timeout = Duration.ofSeconds(120);

    @Option(names = "--lifetime", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Lifetime of the move constraint, so it expires even if tgtha is killed (default: 10m).")
    Duration lifetime = Duration.ofMinutes(10);

    @Option(names = "--poll", hidden = true, converter = DurationConverter.class)
    Duration poll = Duration.ofMillis(250);

    @Override
    protected ExitCode execute(CliContext ctx) {
        Pacemaker pm = new Pacemaker(ctx.runner());
        ClusterStatus status = pm.requireStatus();
        ClusterStatus.NodeStatus node = status.node(to).orElseThrow(() -> new CliException(ExitCode.NOT_FOUND,
                "no node '" + to + "' in the cluster (nodes: "
                        + String.join(", ", status.nodes().stream().map(ClusterStatus.NodeStatus::name).toList()) + ")"));
        List<String> problems = new ArrayList<>(status.healthProblems());
        if (node.online() && (node.standby() || node.maintenance())) {
            problems.add("node " + to + " is in " + (node.standby() ? "standby" : "maintenance"));
        }
        if (!problems.isEmpty()) {
            throw new CliException(ExitCode.CLUSTER_UNHEALTHY, "cluster not healthy, nothing moved: "
                    + String.join("; ", problems));
        }
        List<TargetResource> targets = pm.targetResources();
        List<Resolved> chosen = which.all ? ResourceResolver.all(targets)
                : List.of(ResourceResolver.resolve(which.target, targets, status));
        if (chosen.isEmpty()) {
            throw new CliException(ExitCode.NOT_FOUND, "no target resources in the cluster");
        }

        List<Move> moves = new ArrayList<>();
        for (Resolved r : chosen) {
            moves.add(new Move(r, status.runningOn(r.resource())));
        }
        Deadline deadline = Deadline.after(timeout);
        long started = System.nanoTime();
        List<String> clearFailures = new ArrayList<>();
        try (Progress progress = new Progress(ctx.err(), ctx.terminal())) {
            for (Move m : moves) {
                if (m.from.equals(List.of(to))) {
                    m.result = "already-there";
                    m.tookNanos = 0;
                    continue;
                }
                pm.move(m.resolved.resource(), to, lifetime);
                m.moved = true;
                m.startNanos = System.nanoTime();
            }
            while (moves.stream().anyMatch(m -> m.result == null) && !deadline.expired()) {
                sleep(poll);
                ClusterStatus now = pm.requireStatus();
                for (Move m : moves) {
                    if (m.result == null && now.runningOn(m.resolved.resource()).equals(List.of(to))) {
                        m.result = "moved";
                        m.tookNanos = System.nanoTime() - m.startNanos;
                    }
                }
                long pending = moves.stream().filter(m -> m.result == null).count();
                if (pending == 0) {
                    break;
                }
                progress.update("moving to " + to + ": " + pending + " of " + moves.size() + " resource"
                        + (moves.size() == 1 ? "" : "s") + " not there yet");
            }
        } finally {
            for (Move m : moves) {
                if (m.moved) {
                    try {
                        pm.clear(m.resolved.resource());
                        m.cleared = true;
                    } catch (CliException e) {
                        clearFailures.add(m.resolved.resource() + ": " + e.getMessage());
                    }
                }
            }
        }
        for (Move m : moves) {
            if (m.result == null) {
                m.result = "timeout";
                m.tookNanos = System.nanoTime() - m.startNanos;
            }
        }
        boolean ok = moves.stream().noneMatch(m -> m.result.equals("timeout"));
        FailoverReport report = new FailoverReport(to, ok ? "ok" : "timeout",
                Duration.ofNanos(System.nanoTime() - started).toMillis(),
                moves.stream().map(m -> new Moved(m.resolved.resource(), m.resolved.iqn(), m.from, m.result,
                        Duration.ofNanos(m.tookNanos).toMillis(), m.cleared)).toList(),
                clearFailures);
        if (json()) {
            ctx.out().print(Json.render(report));
        } else {
            Style st = style(ctx);
            for (Move m : moves) {
                String what = m.resolved.resource() + (m.resolved.iqn() == null ? "" : " (" + m.resolved.iqn() + ")");
                String from = m.from.isEmpty() ? "stopped" : String.join(",", m.from);
                switch (m.result) {
                    case "moved" -> ctx.out().println(what + ": " + from + " -> " + to + " in "
                            + String.format("%.2f s", m.tookNanos / 1e9) + " " + st.green("ok"));
                    case "already-there" -> ctx.out().println(what + ": already on " + to);
                    default -> ctx.out().println(what + ": " + st.red("NOT on " + to) + " after "
                            + String.format("%.1f s", m.tookNanos / 1e9));
                }
            }
            for (String f : clearFailures) {
                ctx.err().println("tgtha: warning: move constraint not cleared for " + f
                        + " (it expires after --lifetime; or run crm_resource --clear --resource ...)");
            }
        }
        ctx.out().flush();
        if (!ok) {
            return ExitCode.TIMEOUT;
        }
        return clearFailures.isEmpty() ? ExitCode.OK : ExitCode.COMMAND_FAILED;
    }

    private static final class Move {
        final Resolved resolved;
        final List<String> from;
        boolean moved;
        boolean cleared;
        long startNanos = System.nanoTime();
        long tookNanos;
        String result;

        Move(Resolved resolved, List<String> from) {
            this.resolved = resolved;
            this.from = from;
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.FAILURE, "interrupted");
        }
    }
}
