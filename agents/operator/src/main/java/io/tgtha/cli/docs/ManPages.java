// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.docs;

import io.tgtha.cli.CliContext;
import io.tgtha.cli.ExitCode;
import io.tgtha.cli.TgtHa;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes roff man pages (tgtha.1, tgtha-SUBCOMMAND.1) and the bash completion script from the picocli
 * command model, so that --help, the man pages and completion never disagree. Run at build time
 * (exec-maven-plugin, process-classes) into target/man and target/completion.
 *
 * <p>Our own small generator because picocli-codegen's ManPageGenerator writes AsciiDoc, which would
 * need asciidoctor on every build machine.
 */
public final class ManPages {
    private ManPages() {
    }

    public static void main(String[] args) throws IOException {
        Path base = Path.of(args.length > 0 ? args[0] : "target");
        PrintWriter sink = new PrintWriter(new StringWriter());
        CommandLine cl = TgtHa.commandLine(new CliContext(sink, sink, false, Map.of(), c -> {
            throw new IllegalStateException("no commands at build time");
        }, base));
        Path man = Files.createDirectories(base.resolve("man"));
        write(man.resolve("tgtha.1"), page(cl.getCommandSpec(), cl));
        for (Map.Entry<String, CommandLine> sub : cl.getSubcommands().entrySet()) {
            if (documented(sub.getValue())) {
                write(man.resolve("tgtha-" + sub.getKey() + ".1"), page(sub.getValue().getCommandSpec(), cl));
            }
        }
        Path completion = Files.createDirectories(base.resolve("completion"));
        write(completion.resolve("tgtha"), io.tgtha.cli.CompletionScript.bash(cl));
    }

    /** Every subcommand but help and the hidden ones (completion's word source). */
    static boolean documented(CommandLine sub) {
        return !sub.getCommandName().equals("help") && !sub.getCommandSpec().usageMessage().hidden();
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    static String page(CommandSpec spec, CommandLine root) {
        String qualified = spec.qualifiedName(" ");
        String title = spec.qualifiedName("-").toUpperCase();
        StringBuilder r = new StringBuilder();
        r.append(".\\\" generated from the picocli command model by io.tgtha.cli.docs.ManPages; do not edit\n");
        r.append(".TH ").append(title).append(" 1 \"\" \"tgt-ha\" \"tgt-ha manual\"\n");
        r.append(".SH NAME\n").append(esc(qualified.replace(' ', '-'))).append(" \\- ")
                .append(esc(firstSentence(String.join(" ", spec.usageMessage().description())))).append('\n');
        r.append(".SH SYNOPSIS\n.nf\n")
                .append(esc(new CommandLine.Help(spec, CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF))
                        .synopsis(0).strip())).append("\n.fi\n");
        r.append(".SH DESCRIPTION\n").append(esc(String.join(" ", spec.usageMessage().description()))).append('\n');
        if (!spec.subcommands().isEmpty()) {
            r.append(".SH COMMANDS\n");
            for (Map.Entry<String, CommandLine> sub : spec.subcommands().entrySet()) {
                if (!documented(sub.getValue())) {
                    continue;
                }
                r.append(".TP\n\\fB").append(esc(sub.getKey())).append("\\fR\n")
                        .append(esc(String.join(" ", sub.getValue().getCommandSpec().usageMessage().description())))
                        .append(" See \\fBtgtha\\-").append(esc(sub.getKey())).append("\\fR(1).\n");
            }
        }
        List<PositionalParamSpec> positionals = spec.positionalParameters();
        if (!positionals.isEmpty()) {
            r.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec p : positionals) {
                r.append(".TP\n\\fI").append(esc(p.paramLabel())).append("\\fR\n")
                        .append(esc(String.join(" ", p.description()))).append('\n');
            }
        }
        r.append(".SH OPTIONS\n");
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) {
                continue;
            }
            r.append(".TP\n");
            List<String> names = new ArrayList<>();
            for (String n : o.names()) {
                names.add("\\fB" + esc(n) + "\\fR");
            }
            r.append(String.join(", ", names));
            if (o.arity().max() > 0) {
                r.append("=\\fI").append(esc(o.paramLabel())).append("\\fR");
            }
            String description = String.join(" ", o.description());
            String dflt = o.defaultValueString();
            description = description.replace("${DEFAULT-VALUE}", dflt == null ? "" : dflt);
            r.append('\n').append(esc(description)).append('\n');
        }
        if (spec.parent() != null) {
            r.append(".PP\nThe SSH options of \\fB\\-\\-host\\fR (\\fB\\-\\-ssh\\-user\\fR, \\fB\\-\\-ssh\\-port\\fR, "
                    + "\\fB\\-\\-identity\\fR, \\fB\\-\\-known\\-hosts\\fR, \\fB\\-\\-ssh\\-timeout\\fR, "
                    + "\\fB\\-\\-remote\\-command\\fR) are described in \\fBtgtha\\fR(1).\n");
        }
        List<Examples.Example> examples = Examples.BY_COMMAND.getOrDefault(spec.name(), List.of());
        if (!examples.isEmpty()) {
            r.append(".SH EXAMPLES\n");
            for (Examples.Example e : examples) {
                r.append(".TP\n\\fB").append(esc(e.commandLine())).append("\\fR\n")
                        .append(esc(e.what())).append('\n');
            }
        }
        r.append(".SH EXIT STATUS\n");
        for (ExitCode c : ExitCode.values()) {
            r.append(".TP\n\\fB").append(c.code()).append("\\fR\n").append(esc(c.description())).append('\n');
        }
        r.append(".SH FILES\n.TP\n/run/tgtha/locks/packet\\-filter.lock\nMutex held around every packet-filter change"
                + " (shared with the tgt-ha resource agents; TGTHA_RUN_DIR moves /run/tgtha).\n");
        r.append(".TP\n~/.ssh/known_hosts, ~/.ssh/id_ed25519, ~/.ssh/id_ecdsa, ~/.ssh/id_rsa\nUsed by \\fB\\-\\-host\\fR.\n");
        r.append(".SH SEE ALSO\n");
        List<String> see = new ArrayList<>();
        if (spec.parent() != null) {
            see.add("\\fBtgtha\\fR(1)");
        }
        for (String sub : io.tgtha.cli.TgtHa.operatorSubcommands(root)) {
            if (!spec.name().equals(sub)) {
                see.add("\\fBtgtha\\-" + sub + "\\fR(1)");
            }
        }
        see.add("\\fBtgtadm\\fR(8)");
        see.add("\\fBcrm_resource\\fR(8)");
        see.add("\\fBss\\fR(8)");
        r.append(String.join(", ", see)).append('\n');
        return r.toString();
    }

    private static String firstSentence(String s) {
        int dot = s.indexOf(": ");
        int stop = s.indexOf(". ");
        int end = s.length();
        if (dot > 0) {
            end = Math.min(end, dot);
        }
        if (stop > 0) {
            end = Math.min(end, stop);
        }
        return s.substring(0, end).replaceAll("[.,]$", "");
    }

    /** roff escaping: backslashes, hyphens (so they stay ASCII minus signs), leading dots/quotes. */
    static String esc(String s) {
        StringBuilder out = new StringBuilder();
        for (String line : s.split("\n", -1)) {
            if (out.length() > 0) {
                out.append('\n');
            }
            String l = line.replace("\\", "\\e").replace("-", "\\-");
            if (l.startsWith(".") || l.startsWith("'")) {
                l = "\\&" + l;
            }
            out.append(l);
        }
        return out.toString();
    }
}
