// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import io.tgtha.cli.out.Json;
import picocli.CommandLine;

import java.util.List;

/**
 * How every failure ends: one line on stderr ("tgtha: ..."), and with --json also one JSON object on
 * stdout, so that a script reading stdout always gets JSON.
 */
final class ErrorOutput {
    /** What --json prints on a failure; {@code meaning} is the exit code's line of the table. */
    record ErrorReport(String result, int exitCode, String meaning, String error) {
    }

    private ErrorOutput() {
    }

    static int print(CliContext ctx, boolean json, ExitCode code, String message) {
        String line = oneLine(message);
        ctx.err().println("tgtha: " + line);
        ctx.err().flush();
        if (json) {
            ctx.out().print(Json.render(new ErrorReport("error", code.code(), code.description(), line)));
            ctx.out().flush();
        }
        return code.code();
    }

    /** --json anywhere among the options (before "--"): a usage error is known before --json is parsed. */
    static boolean jsonRequested(String[] args) {
        for (String a : args) {
            if (a.equals("--")) {
                return false;
            }
            if (a.equals("--json")) {
                return true;
            }
        }
        return false;
    }

    /** "tgtha status: Unknown option: '--jsno'; did you mean --json? (tgtha status --help)" */
    static String usage(CommandLine.ParameterException ex) {
        String command = ex.getCommandLine().getCommandSpec().qualifiedName(" ");
        StringBuilder line = new StringBuilder(command.equals("tgtha") ? "" : command.substring("tgtha ".length()) + ": ");
        line.append(ex.getMessage());
        if (ex instanceof CommandLine.UnmatchedArgumentException u) {
            List<String> suggestions = u.getSuggestions();
            if (!suggestions.isEmpty()) {
                line.append("; did you mean ").append(String.join(" or ", suggestions.subList(0, Math.min(3, suggestions.size())))).append('?');
            }
        }
        return line.append(" (see '").append(command).append(" --help')").toString();
    }

    /** A bug, or a failure nobody classified: its message, never a class name or stack (TGTHA_DEBUG=1 shows it). */
    static String unexpected(Exception ex) {
        String m = ex.getMessage();
        return "unexpected failure: " + (m == null || m.isBlank() ? "no detail" : m)
                + " (TGTHA_DEBUG=1 prints where it happened)";
    }

    private static String oneLine(String message) {
        return String.valueOf(message).strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
