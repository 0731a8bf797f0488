package io.tgtha.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code tgtha} operator command. */
@Command(name = "tgtha", mixinStandardHelpOptions = true, versionProvider = TgtHa.Version.class,
        description = "Operate tgt iSCSI targets kept available by Pacemaker: see sessions and stuck connections, drain targets before maintenance, fail them over to another node.",
        subcommands = {StatusCommand.class, DrainCommand.class, ReadyCommand.class, FailoverCommand.class,
                MigrateCommand.class, AutoComplete.GenerateCompletion.class, CommandLine.HelpCommand.class},
        footerHeading = "%nSee also:%n", footer = "tgtha-status(1), tgtha-drain(1), tgtha-failover(1), tgtadm(8), crm_resource(8)")
public final class TgtHa implements Runnable {
    private final CliContext context;

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
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
    }

    public static void main(String[] args) {
        System.exit(execute(args, CliContext.system()));
    }

    public static int execute(String[] args, CliContext ctx) {
        CommandLine cl = commandLine(ctx);
        return cl.execute(LeadingOptions.behindSubcommand(cl, args));
    }

    /** The command model: also used to generate the man pages and the completion script. */
    public static CommandLine commandLine(CliContext ctx) {
        CommandLine cl = new CommandLine(new TgtHa(ctx));
        cl.setOut(ctx.out());
        cl.setErr(ctx.err());
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(
                ctx.terminal() && !ctx.env().containsKey("NO_COLOR") ? CommandLine.Help.Ansi.AUTO : CommandLine.Help.Ansi.OFF));
        Map<String, String> codes = new LinkedHashMap<>();
        for (ExitCode c : ExitCode.values()) {
            codes.put(Integer.toString(c.code()), c.description());
        }
        applyExitCodes(cl, codes);
        cl.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
        cl.setExitCodeExceptionMapper(e -> e instanceof CliException ce ? ce.exitCode().code()
                : e instanceof CommandLine.ParameterException ? ExitCode.USAGE.code() : ExitCode.FAILURE.code());
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            if (ex instanceof CliException ce) {
                cmd.getErr().println("tgtha: " + ce.getMessage());
                cmd.getErr().flush();
                return ce.exitCode().code();
            }
            cmd.getErr().println("tgtha: unexpected failure: " + ex);
            cmd.getErr().flush();
            return ExitCode.FAILURE.code();
        });
        return cl;
    }

    private static void applyExitCodes(CommandLine cl, Map<String, String> codes) {
        cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommandSpec().userObject() instanceof Subcommand) {
                applyExitCodes(sub, codes);
            }
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = TgtHa.class.getPackage().getImplementationVersion();
            return new String[]{"tgtha " + (v == null ? "development build" : v)};
        }
    }
}
