// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.migrate;

import io.tgtha.cli.CliException;
import io.tgtha.cli.ExitCode;
import io.tgtha.cli.cluster.CibClusterOptions;
import io.tgtha.cli.cluster.ClusterStatus;
import io.tgtha.cli.cluster.ClusterStatus.ResourceStatus;
import io.tgtha.cli.cluster.Pacemaker;
import io.tgtha.cli.migrate.MigrationPlan.AccountClone;
import io.tgtha.cli.migrate.MigrationPlan.Mapped;
import io.tgtha.ocf.exec.Command;
import io.tgtha.ocf.exec.CommandException;
import io.tgtha.ocf.exec.CommandFailedException;
import io.tgtha.ocf.exec.CommandRunner;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code tgtha migrate --apply}: the migration carried out on the live cluster, from one node. Under cluster
 * maintenance mode (no start, stop or recurring monitor anywhere) the CIB changes in one replace, the tgt-ha agents
 * probe what runs ({@code crm_resource --refresh}), and only when every migrated resource is found running exactly
 * where the stock one ran does maintenance mode end. Anything else puts the old configuration back, probes again and
 * ends maintenance mode; what was done is printed either way. Nothing is restarted.
 */
public final class MigrationApply {
    /** The tgt-ha agents this needs on the node (docs/installation.md installs them on every node). */
    static final List<String> AGENTS = List.of("target", "lun", "portblock", "account");
    private static final Duration TOOL = Duration.ofSeconds(60);

    /**
     * @param ocfRoot where the OCF agents are installed ($OCF_ROOT, /usr/lib/ocf)
     * @param settle  how long the cluster may take to settle after each change (crm_resource --wait)
     */
    /** lockDir: where the packet-filter mutex lives (the stock rules are removed under it). */
    public record Settings(StockMapper.Options mapping, boolean dryRun, Path ocfRoot, Duration settle,
                           boolean allowRestart, Path lockDir) {
    }

    private final CommandRunner runner;
    private final PrintWriter out;
    private final Settings settings;
    private final List<String> done = new ArrayList<>();
    /** Resources put into resource maintenance and not yet released: a failure releases them. */
    private final Set<String> held = new LinkedHashSet<>();
    /** What Pacemaker's tools say may quote the configuration they were handed, secrets included. */
    private SecretRedaction redaction;

    public MigrationApply(CommandRunner runner, PrintWriter out, Settings settings) {
        this.runner = runner;
        this.out = out;
        this.settings = settings;
    }

    public ExitCode run() {
        String cibXml = query();
        CibConfiguration cib = CibConfiguration.parse(cibXml);
        redaction = SecretRedaction.of(cib);
        MigrationPlan plan = StockMapper.map(cib, settings.mapping());
        if (!plan.notMapped().isEmpty()) {
            StringBuilder b = new StringBuilder("--apply refused, nothing was changed: " + plan.notMapped().size()
                    + " resource(s) cannot be mapped:");
            plan.notMapped().forEach(n -> b.append("\n  ").append(n.id()).append(": ").append(n.reason()));
            b.append("\n(tgtha migrate without --apply prints the procedure for what can be mapped)");
            throw new CliException(ExitCode.NOT_MAPPED, b.toString());
        }
        if (plan.mapped().isEmpty() && plan.accounts().stream().allMatch(AccountClone::existing)) {
            out.println("tgtha migrate --apply: no stock iSCSITarget, iSCSILogicalUnit or portblock resource in the CIB;"
                    + " nothing to do");
            return ExitCode.OK;
        }
        String maintenance = CibClusterOptions.parse(cibXml).get("maintenance-mode");
        if (isTrue(maintenance)) {
            throw new CliException(ExitCode.CLUSTER_UNHEALTHY, "--apply refused, nothing was changed: the cluster is"
                    + " already in maintenance mode, and --apply ends by leaving it; end it first (after checking"
                    + " why it is on), or run the printed procedure by hand");
        }
        requireAgents();
        ClusterStatus before = new Pacemaker(runner, TOOL).requireStatus();
        List<String> unhealthy = before.healthProblems();
        if (!unhealthy.isEmpty()) {
            throw new CliException(ExitCode.CLUSTER_UNHEALTHY, "--apply refused, nothing was changed: "
                    + String.join("; ", unhealthy));
        }
        verify(CibRewrite.cib(cibXml, cib, plan));
        printPlan(plan, before);
        if (settings.dryRun()) {
            out.println("Dry run: nothing was changed. The same command without --dry-run does the above.");
            out.flush();
            return ExitCode.OK;
        }
        execute(plan, before, maintenance);
        return ExitCode.OK;
    }

    private void execute(MigrationPlan plan, ClusterStatus before, String maintenanceBefore) {
        String rollback = null;
        try {
            step("maintenance-mode=true", () -> setMaintenance("true"));
            step("waited for the cluster to settle", this::settle);
            // read again under maintenance mode: the replace must carry maintenance-mode=true, and nothing may
            // have changed the stock resources since the plan was made
            String cibXml = query();
            CibConfiguration cib = CibConfiguration.parse(cibXml);
            redaction = SecretRedaction.of(cib);
            MigrationPlan now = StockMapper.map(cib, settings.mapping());
            if (!ids(now).equals(ids(plan)) || !now.notMapped().isEmpty()) {
                throw new CliException(ExitCode.COMMAND_FAILED, "the stock resources changed while --apply ran"
                        + " (was " + ids(plan) + ", now " + ids(now) + ")");
            }
            String replacement = CibRewrite.configuration(cibXml, cib, now);
            String previous = CibRewrite.configurationOf(cibXml);
            step("configuration replaced in one change (" + now.mapped().size() + " resource(s) redefined, "
                    + now.accounts().stream().filter(a -> !a.existing()).count() + " account clone(s), "
                    + now.orders().size() + " order(s))", () -> replace(replacement));
            rollback = previous; // a replace that failed changed nothing: Pacemaker applies it whole or not at all
            step("crm_resource --refresh (the tgt-ha agents probe what runs)", this::refresh);
            step("waited for the probes", this::settle);
            List<String> problems = adoptionProblems(now, before, new Pacemaker(runner, TOOL).requireStatus());
            List<String> restart = List.of();
            if (!problems.isEmpty()) {
                restart = restartable(now, problems);
                if (!settings.allowRestart() || restart.isEmpty()) {
                    throw new CliException(ExitCode.COMMAND_FAILED, "the tgt-ha agents did not find everything running"
                            + " where the stock agents ran it:\n  " + String.join("\n  ", problems)
                            + (restart.isEmpty() ? "" : "\n(--allow-restart restarts " + String.join(", ", restart)
                            + " instead, one at a time)"));
                }
                out.println("tgtha migrate --apply: a restart is unavoidable for " + String.join(", ", restart)
                        + " (one at a time, each initiator reconnects once):\n  " + String.join("\n  ", problems));
                rollback = null; // from here the new configuration stays: the restarts repair it
                for (String r : restart) {
                    step("resource maintenance on " + r, () -> resourceMaintenance(r, true));
                }
            }
            rollback = null;
            int removed = StockRuleCleanup.clean(runner, settings.lockDir(), StockRuleCleanup.ports(now), false, out);
            done.add("stock portblock rules removed on this node: " + removed);
            step("maintenance-mode " + describe(maintenanceBefore), () -> restoreMaintenance(maintenanceBefore));
            step("waited for the cluster to settle", this::settle);
            restartOneAtATime(now, before, restart);
            // the recurring monitors run again now: one last look, so a monitor that fails at once is reported here
            List<String> after = adoptionProblems(now, before, new Pacemaker(runner, TOOL).requireStatus());
            if (!after.isEmpty()) {
                throw new CliException(ExitCode.COMMAND_FAILED, "after maintenance mode ended (the configuration stays"
                        + " migrated; Pacemaker recovers what failed):\n  " + String.join("\n  ", after));
            }
        } catch (RuntimeException e) {
            throw failed(e, rollback, maintenanceBefore);
        }
        out.println("Done: " + plan.mapped().size() + " resource(s) now run with the tgt-ha agents; "
                + (done.stream().anyMatch(d -> d.startsWith("restarted ")) ? "restarted one at a time: see above."
                : "nothing was restarted."));
        done.forEach(d -> out.println("  " + d));
        out.println("Other nodes: run `tgtha migrate --clean-stock-rules` on each to remove the stock portblock's"
                + " leftover rules there (`tgtha status` warns about them).");
        if (plan.accounts().stream().anyMatch(a -> !a.existing())) {
            out.println("The account clones carry the CHAP secret as their password parameter, as the stock targets"
                    + " did; docs/migration.md says how to move it into a file.");
        }
        out.flush();
    }

    /**
     * The groups (or ungrouped primitives) a failed adoption can be repaired in by a restart: every problem must
     * belong to a mapped resource (an account clone found missing is not repaired by restarting a target).
     */
    private static List<String> restartable(MigrationPlan plan, List<String> problems) {
        Set<String> containers = new LinkedHashSet<>();
        for (String problem : problems) {
            String id = problem.startsWith("failed action ") ? problem.substring("failed action ".length())
                    : problem.substring(0, Math.max(0, problem.indexOf(':')));
            Mapped m = plan.mapped().stream().filter(x -> id.equals(x.source().id())
                    || id.startsWith(x.source().id() + "_")).findFirst().orElse(null);
            if (m == null) {
                return List.of();
            }
            containers.add(m.source().container());
        }
        return List.copyOf(containers);
    }

    /**
     * Releases each container from resource maintenance in turn and waits: Pacemaker recovers what its probe did not
     * find (stop, start: one reconnect for that target's initiators), then the next. A failure releases the rest
     * ({@link #failed}), so no resource stays unmanaged.
     */
    private void restartOneAtATime(MigrationPlan plan, ClusterStatus before, List<String> containers) {
        for (int i = 0; i < containers.size(); i++) {
            String c = containers.get(i);
            try {
                resourceMaintenance(c, false);
                settle();
                tool("crm_resource", "--cleanup", "--resource", c);
                settle();
                List<Mapped> members = plan.mapped().stream().filter(m -> m.source().container().equals(c)).toList();
                MigrationPlan part = new MigrationPlan(members, List.of(), List.of(), List.of(), List.of());
                List<String> problems = adoptionProblems(part, before, new Pacemaker(runner, TOOL).requireStatus());
                if (!problems.isEmpty()) {
                    throw new CliException(ExitCode.COMMAND_FAILED, "after the restart of " + c + ": "
                            + String.join("; ", problems));
                }
                done.add("restarted " + c + " (resource maintenance off, recovered by Pacemaker, cleaned up)");
                out.println("tgtha migrate --apply: restarted " + c);
                out.flush();
            } catch (RuntimeException e) {
                throw new CliException(ExitCode.COMMAND_FAILED, e.getMessage() + (i + 1 < containers.size()
                        ? " (not restarted: " + String.join(", ", containers.subList(i + 1, containers.size())) + ")"
                        : ""));
            }
        }
    }

    private void resourceMaintenance(String resource, boolean on) {
        if (on) {
            held.add(resource);
            tool("crm_resource", "--resource", resource, "--meta", "--set-parameter", "maintenance",
                    "--parameter-value", "true");
        } else {
            tool("crm_resource", "--resource", resource, "--meta", "--delete-parameter", "maintenance");
            held.remove(resource);
        }
    }

    /** Undoes what can be undone, prints what was done and undone, and gives the failure to report (one line). */
    private CliException failed(RuntimeException cause, String rollback, String maintenanceBefore) {
        List<String> undo = new ArrayList<>();
        if (rollback != null) {
            undo.add(attempt("previous configuration put back (still in maintenance mode)", () -> replace(rollback)));
            undo.add(attempt("crm_resource --refresh", this::refresh));
            undo.add(attempt("waited for the probes", this::settle));
        }
        for (String r : List.copyOf(held)) {
            undo.add(attempt("resource maintenance off for " + r + " (Pacemaker recovers it now if it must)",
                    () -> resourceMaintenance(r, false)));
        }
        boolean restored = done.stream().anyMatch(d -> d.startsWith("maintenance-mode ") && d.endsWith("(as before)"));
        if (!restored && done.stream().anyMatch(d -> d.startsWith("maintenance-mode=true"))) {
            undo.add(attempt("maintenance-mode " + describe(maintenanceBefore), () -> restoreMaintenance(maintenanceBefore)));
        }
        StringBuilder b = new StringBuilder("tgtha migrate --apply FAILED: ").append(cause.getMessage());
        b.append("\nDone before the failure:");
        done.forEach(d -> b.append("\n  ").append(d));
        if (done.isEmpty()) {
            b.append("\n  nothing");
        }
        b.append("\nUndone:");
        undo.forEach(u -> b.append("\n  ").append(u));
        if (undo.isEmpty()) {
            b.append("\n  nothing to undo");
        }
        if (undo.stream().anyMatch(u -> u.startsWith("FAILED"))) {
            b.append("\nCheck with crm_mon and cibadmin --query --scope crm_config; docs/migration.md, \"Rollback\".");
        }
        out.println(b);
        out.flush();
        ExitCode code = cause instanceof CliException c ? c.exitCode() : ExitCode.COMMAND_FAILED;
        boolean clean = undo.stream().noneMatch(u -> u.startsWith("FAILED"));
        return new CliException(code, "--apply failed" + (clean ? ", and everything it changed is undone" : ", and"
                + " NOT everything could be undone") + " (details above): " + firstLine(cause.getMessage()));
    }

    private static String firstLine(String s) {
        int nl = s == null ? -1 : s.indexOf('\n');
        return nl < 0 ? String.valueOf(s) : s.substring(0, nl);
    }

    private interface Action {
        void run();
    }

    private void step(String what, Action action) {
        action.run();
        done.add(what);
        out.println("tgtha migrate --apply: " + what);
        out.flush();
    }

    private String attempt(String what, Action action) {
        try {
            action.run();
            out.println("tgtha migrate --apply: undo: " + what);
            out.flush();
            return what;
        } catch (RuntimeException e) {
            return "FAILED: " + what + ": " + e.getMessage();
        }
    }

    /**
     * Every migrated resource active on exactly the nodes the stock one was active on, none failed, and every
     * account clone active wherever a target that binds it runs: otherwise ending maintenance mode would start,
     * stop or recover something.
     */
    static List<String> adoptionProblems(MigrationPlan plan, ClusterStatus before, ClusterStatus after) {
        List<String> problems = new ArrayList<>();
        Set<String> watched = new LinkedHashSet<>();
        for (Mapped m : plan.mapped()) {
            String id = m.source().id();
            watched.add(id);
            Set<String> was = activeOn(before, id);
            Set<String> is = activeOn(after, id);
            if (after.resources().stream().noneMatch(r -> r.id().equals(id))) {
                problems.add(id + ": not in crm_mon's output");
            } else if (after.resources().stream().anyMatch(r -> r.id().equals(id) && r.failed())) {
                problems.add(id + ": failed");
            } else if (!was.equals(is)) {
                problems.add(id + ": the stock agent ran it on " + nodes(was) + ", the tgt-ha agent's probe finds it on "
                        + nodes(is));
            }
        }
        for (AccountClone a : plan.accounts()) {
            watched.add(a.primitiveId());
            Set<String> needed = new TreeSet<>();
            a.targets().forEach(t -> needed.addAll(activeOn(before, t)));
            Set<String> missing = new TreeSet<>(needed);
            missing.removeAll(activeOn(after, a.primitiveId()));
            if (!missing.isEmpty()) {
                problems.add(a.cloneId() + ": CHAP user " + a.username() + " not found in tgtd on " + nodes(missing)
                        + ", where " + String.join(", ", a.targets()) + " run(s)");
            }
        }
        for (ClusterStatus.FailedAction f : after.failures()) {
            if (watched.stream().anyMatch(id -> f.operation().startsWith(id + "_"))) {
                problems.add("failed action " + f.describe());
            }
        }
        return problems;
    }

    private static Set<String> activeOn(ClusterStatus status, String id) {
        Set<String> nodes = new TreeSet<>();
        for (ResourceStatus r : status.resources()) {
            if (r.id().equals(id) && r.active()) {
                nodes.addAll(r.nodes());
            }
        }
        return nodes;
    }

    private static String nodes(Set<String> nodes) {
        return nodes.isEmpty() ? "no node" : String.join(", ", nodes);
    }

    private void printPlan(MigrationPlan plan, ClusterStatus before) {
        out.println("tgtha migrate --apply" + (settings.dryRun() ? " --dry-run" : "") + ": what it does, in order");
        out.println("  1. crm_attribute: maintenance-mode=true; crm_resource --wait (no start, stop or monitor from here)");
        out.println("  2. one cibadmin --replace --scope configuration (checked with crm_verify: passes):");
        for (Mapped m : plan.mapped()) {
            out.println("       " + m.source().id() + ": " + m.source().agent() + " -> ocf:tgtha:" + m.tgthaType()
                    + describeChange(m));
        }
        for (AccountClone a : plan.accounts()) {
            out.println("       " + (a.existing() ? "existing " + a.primitiveId() : "new clone " + a.cloneId()
                    + " (ocf:tgtha:account, username=" + a.username() + ", password from " + a.secretFrom()
                    + "'s incoming_password)") + " for " + String.join(", ", a.targets()));
        }
        plan.orders().forEach(o -> out.println("       order " + o.id() + " Mandatory: " + o.first() + " " + o.then()));
        out.println("  3. crm_resource --refresh; crm_resource --wait; every resource must be found where it runs now:");
        for (Mapped m : plan.mapped()) {
            out.println("       " + m.source().id() + " on " + nodes(activeOn(before, m.source().id())));
        }
        out.println(settings.allowRestart()
                ? "     (otherwise, --allow-restart: each group whose probe failed stays in resource maintenance, and"
                + " after step 5 is released, restarted by Pacemaker and checked, one at a time)"
                : "     (otherwise: the previous configuration is put back, probed again, maintenance mode ends)");
        out.println("  4. this node's stock portblock rules removed (iptables -D); other nodes: tgtha migrate"
                + " --clean-stock-rules");
        out.println("  5. maintenance-mode back to what it was; crm_resource --wait");
        out.println(settings.allowRestart() ? "  No resource is stopped or restarted unless its probe makes it unavoidable."
                : "  No resource is stopped or restarted.");
        out.flush();
    }

    private static String describeChange(Mapped m) {
        List<String> parts = new ArrayList<>();
        Map<String, String> changed = new LinkedHashMap<>(m.changed());
        if (!changed.isEmpty()) {
            List<String> set = new ArrayList<>();
            changed.forEach((k, v) -> set.add(k + "=" + v));
            parts.add("sets " + String.join(" ", set));
        }
        if (!m.removed().isEmpty()) {
            parts.add("drops " + String.join(", ", m.removed()));
        }
        return parts.isEmpty() ? "" : " (" + String.join("; ", parts) + ")";
    }

    private void requireAgents() {
        List<String> missing = AGENTS.stream()
                .map(a -> settings.ocfRoot().resolve("resource.d/tgtha").resolve(a))
                .filter(p -> !Files.isExecutable(p)).map(Path::toString).toList();
        if (!missing.isEmpty()) {
            throw new CliException(ExitCode.TOOL_MISSING, "--apply refused, nothing was changed: the tgt-ha agents are"
                    + " not installed on this node (" + String.join(", ", missing) + "); install tgt-ha on every node"
                    + " first (docs/installation.md)");
        }
    }

    private String query() {
        try {
            return runner.run(Command.of(TOOL, "cibadmin", "--query")).stdout();
        } catch (io.tgtha.ocf.exec.CommandNotFoundException e) {
            throw new CliException(ExitCode.NO_CLUSTER, "cibadmin not found: Pacemaker is not installed");
        } catch (CommandException e) {
            throw new CliException(ExitCode.NO_CLUSTER, "cannot read the CIB: " + e.getMessage());
        }
    }

    private void verify(String cibXml) {
        try {
            runner.run(Command.of(TOOL, "crm_verify", "--xml-pipe").withStdin(cibXml.getBytes(StandardCharsets.UTF_8)));
        } catch (CommandFailedException e) {
            throw new CliException(ExitCode.COMMAND_FAILED, "--apply refused, nothing was changed: crm_verify rejects"
                    + " the migrated configuration: " + redaction.apply(e.result().stderr().strip()));
        } catch (CommandException e) {
            throw new CliException(ExitCode.COMMAND_FAILED, "--apply refused, nothing was changed: crm_verify: "
                    + redaction.apply(e.getMessage()));
        }
    }

    /** Through stdin: the configuration holds the CHAP secrets, which never go on a command line. */
    private void replace(String configuration) {
        try {
            runner.run(Command.of(TOOL, "cibadmin", "--replace", "--scope", "configuration", "--xml-pipe")
                    .withStdin(configuration.getBytes(StandardCharsets.UTF_8)));
        } catch (CommandFailedException e) {
            throw new CliException(ExitCode.COMMAND_FAILED, "cibadmin --replace: "
                    + redaction.apply(e.result().stderr().strip()));
        } catch (CommandException e) {
            throw new CliException(ExitCode.COMMAND_FAILED, "cibadmin --replace: " + redaction.apply(e.getMessage()));
        }
    }

    private void setMaintenance(String value) {
        tool("crm_attribute", "--type", "crm_config", "--name", "maintenance-mode", "--update", value);
    }

    /** Exactly as it was: unset stays unset. */
    private void restoreMaintenance(String before) {
        if (before == null) {
            tool("crm_attribute", "--type", "crm_config", "--name", "maintenance-mode", "--delete");
        } else {
            setMaintenance(before);
        }
    }

    private static String describe(String before) {
        return before == null ? "unset again (as before)" : "back to " + before + " (as before)";
    }

    private void refresh() {
        tool("crm_resource", "--refresh");
    }

    private void settle() {
        tool(settings.settle().plusSeconds(10), "crm_resource", "--wait", "--timeout",
                settings.settle().toSeconds() + "s");
    }

    private io.tgtha.ocf.exec.CommandResult tool(String... argv) {
        return tool(TOOL, argv);
    }

    private io.tgtha.ocf.exec.CommandResult tool(Duration timeout, String... argv) {
        try {
            return runner.run(Command.of(timeout, argv));
        } catch (CommandFailedException e) {
            throw new CliException(ExitCode.COMMAND_FAILED, String.join(" ", argv) + ": exit code " + e.exitCode()
                    + (e.result().stderr().isBlank() ? "" : ": " + e.result().stderr().strip()));
        } catch (CommandException e) {
            throw new CliException(ExitCode.COMMAND_FAILED, String.join(" ", argv) + ": " + e.getMessage());
        }
    }

    private static List<String> ids(MigrationPlan plan) {
        return plan.mapped().stream().map(m -> m.source().id()).sorted().toList();
    }

    private static boolean isTrue(String v) {
        return v != null && Set.of("true", "yes", "on", "1", "y").contains(v.toLowerCase(java.util.Locale.ROOT));
    }
}
