// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import io.tgtha.cli.migrate.CibConfiguration;
import io.tgtha.cli.migrate.MigrationPlan;
import io.tgtha.cli.migrate.MigrationReport;
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
                + "cannot be mapped (each is named with the reason).")
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

    @Override
    protected ExitCode execute(CliContext ctx) {
        if (json()) {
            throw new CliException(ExitCode.USAGE, "migrate prints a procedure to read and run step by step; it has no --json");
        }
        if (!passwordDir.isAbsolute()) {
            throw new CliException(ExitCode.USAGE, "--password-dir must be an absolute path: " + passwordDir);
        }
        String source = cibFile != null ? cibFile.toString() : "cibadmin --query";
        CibConfiguration cib = CibConfiguration.parse(cibFile != null ? readFile() : liveCib(ctx));
        MigrationPlan plan = StockMapper.map(cib, new StockMapper.Options(passwordDir, writeCache));
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
