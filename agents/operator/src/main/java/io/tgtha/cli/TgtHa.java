// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import io.tgtha.ocf.meta.TgthaVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@code tgtha} operator command. */
@Command(name = "tgtha", mixinStandardHelpOptions = true, versionProvider = TgtHa.Version.class,
        description = "Operate tgt iSCSI targets kept available by Pacemaker: see sessions and stuck connections, drain targets before maintenance, fail them over to another node.",
        subcommands = {StatusCommand.class, DrainCommand.class, ReadyCommand.class, FailoverCommand.class, MetricsCommand.class,
                MigrateCommand.class, GenerateCompletionCommand.class, CompletionWords.class, CommandLine.HelpCommand.class},
        footerHeading = "%nSee also:%n",
        footer = "tgtha-status(1), tgtha-drain(1), tgtha-ready(1), tgtha-failover(1), tgtha-metrics(1), tgtha-migrate(1), tgtadm(8), crm_resource(8)")
public final class TgtHa implements Runnable {
    /** The SSH details are listed once, in the top-level help; each subcommand's help shows --host only. */
    private static final Set<String> SSH_DETAILS = Set.of("--ssh-user", "--ssh-port", "--identity", "--known-hosts",
            "--ssh-timeout", "--remote-command");

    private final CliContext context;

    @Mixin
    SharedOptions shared;

    @Spec
    CommandSpec spec;

    public TgtHa(CliContext context) {
        this.context = context;
    }

    CliContext context() {
        return context;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand ("
                + String.join(", ", operatorSubcommands(spec.commandLine())) + ")");
    }

    public static void main(String[] args) {
        System.exit(execute(args, CliContext.system()));
    }

    public static int execute(String[] args, CliContext ctx) {
        return commandLine(ctx).execute(args);
    }

    /** The command model: also used to generate the man pages and the completion script. */
    public static CommandLine commandLine(CliContext ctx) {
        TgtHa root = new TgtHa(ctx);
        CommandLine cl = new CommandLine(root);
        cl.setOut(ctx.out());
        cl.setErr(ctx.err());
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(
                ctx.terminal() && !ctx.env().containsKey("NO_COLOR") ? CommandLine.Help.Ansi.AUTO : CommandLine.Help.Ansi.OFF));
        Map<String, String> codes = new LinkedHashMap<>();
        for (ExitCode c : ExitCode.values()) {
            codes.put(Integer.toString(c.code()), c.description());
        }
        cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
        for (CommandLine sub : cl.getSubcommands().values()) {
            trimInherited(sub.getCommandSpec());
            if (sub.getCommandSpec().userObject() instanceof Subcommand) {
                sub.getCommandSpec().usageMessage().footerHeading("%n")
                        .footer("Exit codes and the SSH options of --host: tgtha --help, tgtha(1).");
            }
        }
        cl.setExitCodeExceptionMapper(e -> e instanceof CliException ce ? ce.exitCode().code()
                : e instanceof CommandLine.ParameterException ? ExitCode.USAGE.code() : ExitCode.FAILURE.code());
        cl.setParameterExceptionHandler((ex, args) -> ErrorOutput.print(ctx, ErrorOutput.jsonRequested(args),
                ExitCode.USAGE, ErrorOutput.usage(ex)));
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            if (ex instanceof CliException ce) {
                return ErrorOutput.print(ctx, root.shared.json, ce.exitCode(), ce.getMessage());
            }
            if (ex instanceof CommandLine.ParameterException pe) { // thrown by a command after parsing
                return ErrorOutput.print(ctx, root.shared.json, ExitCode.USAGE, ErrorOutput.usage(pe));
            }
            if (ctx.env().containsKey("TGTHA_DEBUG")) {
                ex.printStackTrace(ctx.err());
            }
            return ErrorOutput.print(ctx, root.shared.json, ExitCode.FAILURE, ErrorOutput.unexpected(ex));
        });
        return cl;
    }

    /**
     * Inherited options only where they mean something: none on help and completion, and the SSH
     * details hidden from each subcommand's help (still accepted there).
     */
    private static void trimInherited(CommandSpec sub) {
        boolean operator = sub.userObject() instanceof Subcommand;
        for (OptionSpec o : new ArrayList<>(sub.options())) {
            if (!o.inherited()) {
                continue;
            }
            if (!operator) {
                sub.remove(o);
            } else if (SSH_DETAILS.contains(o.longestName())) {
                sub.remove(o);
                sub.addOption(o.toBuilder().hidden(true).build());
            }
        }
    }

    /** The subcommands an operator runs (not help or completion), in the order they are declared. */
    public static List<String> operatorSubcommands(CommandLine root) {
        return root.getSubcommands().entrySet().stream()
                .filter(e -> e.getValue().getCommandSpec().userObject() instanceof Subcommand)
                .map(Map.Entry::getKey).toList();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"tgtha " + TgthaVersion.current()};
        }
    }
}
