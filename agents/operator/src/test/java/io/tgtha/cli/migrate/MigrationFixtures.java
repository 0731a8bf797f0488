// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.migrate;

import io.tgtha.cli.CliContext;
import io.tgtha.cli.TgtHa;
import io.tgtha.ocf.exec.CommandFailedException;
import io.tgtha.ocf.exec.CommandResult;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The CIB fixtures and one in-process {@code tgtha migrate} run. The fixtures are what Pacemaker 2.1.5's
 * {@code cibadmin --query} printed for configurations loaded with crmsh 4.4 into a scratch CIB file
 * ({@code CIB_file=... crm configure load update}); stock-refusals.xml has one attribute set under a node rule
 * added by hand, in the shape Pacemaker writes it. Their secrets are the SECRETS below.
 */
final class MigrationFixtures {
    static final List<String> SECRETS = List.of("Secret-One-4711", "Secret-Alpha-1111", "Secret-Bravo-2222",
            "Secret-Charlie-3333");

    private MigrationFixtures() {
    }

    static Path fixture(String name) {
        try {
            return Path.of(MigrationFixtures.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String read(String name) {
        try {
            return Files.readString(fixture(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MigrationPlan plan(String name, StockMapper.WriteCache writeCache) {
        return StockMapper.map(CibConfiguration.parse(read(name)),
                new StockMapper.Options(Path.of("/etc/tgtha"), writeCache));
    }

    record Result(int exitCode, String out, String err, List<List<String>> commands) {
        /** The lines between a "## N" heading starting with this text and the next heading. */
        String step(String heading) {
            int start = out.indexOf("## " + heading);
            if (start < 0) {
                throw new AssertionError("no step '" + heading + "' in:\n" + out);
            }
            int body = out.indexOf('\n', start) + 1;
            int end = out.indexOf("\n## ", body);
            return out.substring(body, end < 0 ? out.length() : end + 1);
        }

        /** The crmsh configuration inside step 4's here-document. */
        String crmsh() {
            String step = step("4. One node, crmsh");
            int open = step.indexOf("<<'EOF'\n") + "<<'EOF'\n".length();
            return step.substring(open, step.indexOf("\nEOF\n", open) + 1);
        }
    }

    /** tgtha with the given arguments; cibadmin answers with the named fixture, any other command fails. */
    static Result tgtha(String liveCib, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<List<String>> commands = new ArrayList<>();
        CliContext ctx = new CliContext(new PrintWriter(out, true), new PrintWriter(err, true), false, Map.of(),
                command -> {
                    commands.add(command.argv());
                    if (liveCib != null && command.argv().equals(List.of("cibadmin", "--query"))) {
                        return new CommandResult(command, 0, read(liveCib), "", Duration.ZERO);
                    }
                    throw new CommandFailedException(new CommandResult(command, 102, "", "no cluster", Duration.ZERO));
                }, Path.of("/nonexistent"));
        int code = TgtHa.execute(args, ctx);
        return new Result(code, out.toString(), err.toString(), commands);
    }
}
