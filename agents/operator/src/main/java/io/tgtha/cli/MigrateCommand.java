// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import io.tgtha.cli.migrate.CibConfiguration;
import io.tgtha.cli.migrate.MigrationPlan;
import io.tgtha.cli.migrate.MigrationApply;
import io.tgtha.cli.migrate.MigrationReport;
import io.tgtha.cli.migrate.StockRuleCleanup;
import io.tgtha.cli.migrate.StockMapper;
import io.tgtha.ocf.exec.Command;
import io.tgtha.ocf.exec.CommandException;
import io.tgtha.ocf.exec.CommandNotFoundException;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

@CommandLine.Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Print how to move the stock agents' resources (ocf:heartbeat:iSCSITarget with implementation=tgt, "
                + "iSCSILogicalUnit, portblock) to tgt-ha: the same resources redefined in place as crmsh and as pcs "
                + "commands (same names, parameters mapped, LUN identity and write cache kept), the stock CHAP accounts "
                + "as an account clone, and the steps around it (maintenance mode, secrets into files, stock portblock "
                + "rules removed, probes). Changes nothing itself. Never prints a password. Exit code 12 when a resource "
                + "cannot be mapped (each is named with the reason). --apply carries the migration out on the live "
                + "cluster, running targets adopted, not restarted (docs/migration.md); --clean-stock-rules removes the "
                + "stock portblock's leftover rules on this node.")
final class MigrateCommand extends Subcommand {
    @Option(names = "--cib", paramLabel = "FILE", converter = PathConverter.class,
            description = "Read the CIB from FILE (cibadmin --query output) instead of the live cluster.")
    Path cibFile;

    @Option(names = "--format", paramLabel = "crm|pcs|both", converter = FormatConverter.class,
            description = "Which configuration tool the printed change is for (default: both).")
    MigrationReport.Format format = MigrationReport.Format.BOTH;

    @Option(names = "--password-dir", paramLabel = "DIR", converter = PathConverter.class,
            description = "Where the CHAP secret files go on every node (default: ${DEFAULT-VALUE}).")
    Path passwordDir = Path.of("/etc/tgtha");

    @Option(names = "--write-cache", paramLabel = "keep|off", converter = WriteCacheConverter.class,
            description = "keep (default): write_cache=true, what the stock LUNs ran with (tgtd's write-back default). "
                    + "off: tgt-ha's default, write-through: safe across failover, slower writes.")
    StockMapper.WriteCache writeCache = StockMapper.WriteCache.KEEP;

    @Option(names = "--apply", description = "Carry the migration out on the live cluster from this node: maintenance mode,"
            + " one CIB replace, the tgt-ha agents probe what runs, maintenance mode ends; anything not found running"
            + " where it ran puts the old configuration back. Refuses (nothing changed) what it cannot map.")
    boolean apply;

    @Option(names = "--dry-run", description = "With --apply or --clean-stock-rules: check everything and print what"
            + " would be done; change nothing.")
    boolean dryRun;

    @Option(names = "--clean-stock-rules", description = "Remove this node's rules of the stock portblock's shape for the"
            + " ports of the cluster's portblock resources (run on every node after --apply).")
    boolean cleanStockRules;

    @Option(names = "--stock-provider", paramLabel = "PROVIDER", description = "Also treat ocf:PROVIDER:iSCSITarget,"
            + " iSCSILogicalUnit and portblock as the stock agents (a patched copy installed under its own provider);"
            + " repeatable. heartbeat always counts.")
    List<String> stockProviders = new java.util.ArrayList<>();

    @Option(names = "--allow-restart", description = "With --apply: when a probe does not find a resource where the"
            + " stock agent ran it, restart its group (one at a time, each initiator reconnects once) instead of putting"
            + " the old configuration back.")
    boolean allowRestart;

    @Option(names = "--settle-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "With --apply: how long the cluster may take to settle after each change (default: 120s).")
    Duration settle = Duration.ofSeconds(120);

    @Override
    protected ExitCode execute(CliContext ctx) {
        if (apply || cleanStockRules) {
            return applyOrClean(ctx);
        }
        if (dryRun) {
            throw new CliException(ExitCode.USAGE, "--dry-run goes with --apply or --clean-stock-rules");
        }
        if (json()) {
            throw new CliException(ExitCode.USAGE, "migrate prints a procedure to read and run step by step; it has no --json");
        }
        if (!passwordDir.isAbsolute()) {
            throw new CliException(ExitCode.USAGE, "--password-dir must be an absolute path: " + passwordDir);
        }
        String source = cibFile != null ? cibFile.toString() : "cibadmin --query";
        CibConfiguration cib = CibConfiguration.parse(cibFile != null ? readFile() : liveCib(ctx));
        MigrationPlan plan = StockMapper.map(cib, mapping());
        ctx.out().print(MigrationReport.render(plan, source, format));
        ctx.out().flush();
        if (!plan.notMapped().isEmpty()) {
            ctx.err().println("tgtha: " + plan.notMapped().size() + " resource(s) not mapped: "
                    + String.join(", ", plan.notMapped().stream().map(MigrationPlan.NotMapped::id).toList())
                    + " (reasons at the end of the output)");
            ctx.err().flush();
            return ExitCode.NOT_MAPPED;
        }
        return ExitCode.OK;
    }

    private StockMapper.Options mapping() {
        java.util.Set<String> providers = new java.util.HashSet<>(stockProviders);
        providers.add("heartbeat");
        return new StockMapper.Options(passwordDir, writeCache, providers);
    }

    private ExitCode applyOrClean(CliContext ctx) {
        if (apply && cleanStockRules) {
            throw new CliException(ExitCode.USAGE, "--apply and --clean-stock-rules are separate steps: --apply on one"
                    + " node (it cleans that node), then --clean-stock-rules on every other node");
        }
        if (cibFile != null) {
            throw new CliException(ExitCode.USAGE, (apply ? "--apply" : "--clean-stock-rules")
                    + " works on the live cluster; --cib is for printing the procedure");
        }
        if (json()) {
            throw new CliException(ExitCode.USAGE, "migrate has no --json");
        }
        if (settle.isNegative() || settle.isZero()) {
            throw new CliException(ExitCode.USAGE, "--settle-timeout must be positive");
        }
        if (apply) {
            Path ocfRoot = Path.of(ctx.env().getOrDefault("OCF_ROOT", "/usr/lib/ocf"));
            return new MigrationApply(ctx.runner(), ctx.out(),
                    new MigrationApply.Settings(mapping(), dryRun, ocfRoot, settle, allowRestart, ctx.lockDir())).run();
        }
        CibConfiguration cib = CibConfiguration.parse(liveCib(ctx));
        java.util.Set<Integer> ports = StockRuleCleanup.ports(cib, mapping().stockProviders());
        if (ports.isEmpty()) {
            ctx.out().println("no portblock resource in the CIB: no port to clean");
            ctx.out().flush();
            return ExitCode.OK;
        }
        int n = StockRuleCleanup.clean(ctx.runner(), ctx.lockDir(), ports, dryRun, ctx.out());
        ctx.out().println((dryRun ? "would remove " : "removed ") + n + " stock portblock rule(s) for port(s) " + ports);
        ctx.out().flush();
        return ExitCode.OK;
    }

    /** Lower-case values on the command line, as the help shows them. */
    static final class FormatConverter implements CommandLine.ITypeConverter<MigrationReport.Format> {
        @Override
        public MigrationReport.Format convert(String value) {
            return MigrationReport.Format.valueOf(checked(value, "crm", "pcs", "both").toUpperCase(Locale.ROOT));
        }
    }

    static final class WriteCacheConverter implements CommandLine.ITypeConverter<StockMapper.WriteCache> {
        @Override
        public StockMapper.WriteCache convert(String value) {
            return StockMapper.WriteCache.valueOf(checked(value, "keep", "off").toUpperCase(Locale.ROOT));
        }
    }

    private static String checked(String value, String... allowed) {
        if (!List.of(allowed).contains(value)) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not one of " + String.join(", ", allowed));
        }
        return value;
    }

    private String readFile() {
        try {
            return Files.readString(cibFile);
        } catch (IOException e) {
            throw new CliException(ExitCode.USAGE, "--cib: cannot read " + cibFile + ": " + e.getMessage());
        }
    }

    private static String liveCib(CliContext ctx) {
        try {
            return ctx.runner().run(Command.of(Duration.ofSeconds(30), "cibadmin", "--query")).stdout();
        } catch (CommandNotFoundException e) {
            throw new CliException(ExitCode.NO_CLUSTER, "cibadmin not found: Pacemaker is not installed");
        } catch (CommandException e) {
            throw new CliException(ExitCode.NO_CLUSTER, "cannot read the CIB: " + e.getMessage());
        }
    }
}
