// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import io.tgtha.cli.ssh.RemoteCommandLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class CommandLineTest {
    @TempDir
    Path dir;

    @Test
    void theExitCodeTableIsInTheTopLevelHelpOnlyAndSubcommandHelpIsShort() {
        Run top = Run.tgtha(dir, "--help");
        assertThat(top.exitCode()).isZero();
        assertThat(top.out()).contains("20   --host: the host key is not in known_hosts").contains("--ssh-port=PORT")
                .contains("tgtha-ready(1)");
        for (String sub : List.of("status", "drain", "ready", "failover")) {
            Run help = Run.tgtha(dir, sub, "--help");
            assertThat(help.exitCode()).isZero();
            assertThat(help.out()).contains("Usage: tgtha " + sub).contains("--host=NODE").contains("--json")
                    .contains("Exit codes and the SSH options of --host: tgtha --help")
                    .doesNotContain("known_hosts (possible attack)").doesNotContain("--ssh-port")
                    .doesNotContain("--identity");
        }
    }

    @Test
    void versionIsThePomVersion() {
        Run run = Run.tgtha(dir, "--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("tgtha " + System.getProperty("tgtha.projectVersion") + "\n");
    }

    /** Issue 13: "tgtha status -C 99999" gave rc 1 and "unexpected failure: java.lang.IllegalArgumentException". */
    @Test
    void anOutOfRangeControlPortIsAUsageErrorNamingTheOption() {
        Run run = Run.tgtha(dir, "status", "-C", "99999");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(run.err()).isEqualTo("tgtha: status: Invalid value for option '--control-port': 99999 is out of"
                + " range 0-32767 (see 'tgtha status --help')\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void usageErrorsAreOneLineNamingTheOptionWithoutJavaNames() {
        List<List<String>> bad = List.of(
                List.of("drain"),
                List.of("drain", "x", "--all"),
                List.of("status", "--sample", "soon"),
                List.of("status", "--port", "0"),
                List.of("status", "--port", "http"),
                List.of("status", "--ssh-port", "70000"),
                List.of("status", "--timeout", "1s"),
                List.of("status", "--jsno"),
                List.of("drain", "t", "--timeout"),
                List.of("failover", "g-t1", "--to", "n1", "-C", "3"),
                List.of("failover", "g-t1", "--to", "n1", "--netns", "x"),
                List.of("--netns", "x", "status"),
                List.of("status", "--identity", "a\u0000b"),
                List.of("nosuch"),
                List.of());
        for (List<String> args : bad) {
            Run run = Run.tgtha(dir, args.toArray(String[]::new));
            assertThat(run.exitCode()).as(args + ": " + run.describe()).isEqualTo(ExitCode.USAGE.code());
            assertThat(run.err()).as(args.toString()).startsWith("tgtha: ").endsWith("\n")
                    .doesNotContain("java.").doesNotContain("Exception").doesNotContain("picocli");
            assertThat(run.err().lines()).as(args.toString()).hasSize(1);
            assertThat(run.out()).as(args.toString()).isEmpty();
        }
        assertThat(Run.tgtha(dir, "status", "--jsno").err()).contains("Unknown option: '--jsno'")
                .contains("did you mean --json?");
        assertThat(Run.tgtha(dir, "failover", "g-t1", "--to", "n1", "-C", "3").err()).contains("'-C'");
        assertThat(Run.tgtha(dir, "drain", "t", "--timeout").err()).contains("'--timeout'");
    }

    /** An operator undoes a drain by replacing the word: every option of the drain's line is one ready takes. */
    @Test
    void aDrainsCommandLineIsAReadysCommandLine() {
        CommandLine root = TgtHa.commandLine(new CliContext(new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()), false, Map.of(), c -> {
            throw new IllegalStateException("no commands here");
        }, dir));
        for (List<String> line : List.of(List.of("-C", "3", "--netns", "tgt", "iqn.x:y"), List.of("--all", "--netns", "tgt"))) {
            List<String> drain = new java.util.ArrayList<>(List.of("drain"));
            drain.addAll(line);
            List<String> ready = new java.util.ArrayList<>(List.of("ready"));
            ready.addAll(line);
            assertThat(root.parseArgs(drain.toArray(String[]::new)).subcommand().matchedOptions()).isNotEmpty();
            CommandLine.ParseResult parsed = root.parseArgs(ready.toArray(String[]::new));
            assertThat(parsed.subcommand().matchedOptions()).extracting(o -> o.longestName())
                    .contains("--netns");
        }
    }

    /** Every typed option of every subcommand, given a value it cannot take: rc 2 and the option named. */
    @Test
    void everyTypedOptionRefusesAWrongValueByName() {
        CommandLine root = TgtHa.commandLine(new CliContext(new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()), false, Map.of(), c -> {
            throw new IllegalStateException("no commands here");
        }, dir));
        int checked = 0;
        for (String sub : TgtHa.operatorSubcommands(root)) {
            for (OptionSpec o : root.getSubcommands().get(sub).getCommandSpec().options()) {
                if (o.arity().max() == 0 || o.type() == String.class || o.auxiliaryTypes()[0] == String.class) {
                    continue;
                }
                Run run = Run.tgtha(dir, sub, o.longestName() + "=no\u0000good");
                assertThat(run.exitCode()).as(sub + " " + o.longestName() + ": " + run.describe())
                        .isEqualTo(ExitCode.USAGE.code());
                assertThat(run.err()).as(sub + " " + o.longestName()).contains("'" + o.longestName() + "'")
                        .doesNotContain("java.").doesNotContain("Exception");
                assertThat(run.err().lines()).hasSize(1);
                checked++;
            }
        }
        assertThat(checked).as("typed options found").isGreaterThan(10);
    }

    @Test
    void withJsonEveryErrorIsAlsoOneJsonObjectOnStdout() {
        Run usage = Run.tgtha(dir, "status", "--json", "-C", "99999");
        assertThat(usage.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(usage.json()).containsEntry("result", "error").containsEntry("exitCode", 2L)
                .containsEntry("meaning", "invalid command line");
        assertThat((String) usage.json().get("error")).contains("'--control-port'");
        // issue 13: no tgtd and no cluster gave rc 4 and nothing on stdout
        Run noTgtd = Run.tgtha(dir, "--json", "status", "--no-cluster", "-C", "4098");
        assertThat(noTgtd.exitCode()).isEqualTo(ExitCode.TGTD_UNAVAILABLE.code());
        assertThat(noTgtd.json()).containsEntry("result", "error").containsEntry("exitCode", 4L)
                .containsEntry("error", "tgtd is not running on control port 4098");
        assertThat(noTgtd.err()).isEqualTo("tgtha: tgtd is not running on control port 4098\n");
    }

    @Test
    void anUnexpectedFailureShowsItsMessageNotItsClass() {
        Run run = Run.tgtha(c -> {
            throw new IllegalStateException("the runner broke");
        }, dir, "failover", "g-t1", "--to", "cl-n2", "--json");
        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE.code());
        assertThat(run.err()).isEqualTo("tgtha: unexpected failure: the runner broke (TGTHA_DEBUG=1 prints where it happened)\n");
        assertThat(run.json()).containsEntry("exitCode", 1L);
    }

    @Test
    void missingTgtdIsItsOwnExitCode() {
        // control port 4098 is ours and nothing listens there in this test
        Run run = Run.tgtha(dir, "status", "--no-cluster", "-C", "4098");
        assertThat(run.exitCode()).isEqualTo(ExitCode.TGTD_UNAVAILABLE.code());
        assertThat(run.err()).isEqualTo("tgtha: tgtd is not running on control port 4098\n");
    }

    @Test
    void completionScriptCoversSubcommandsAndOptions() {
        Run run = Run.tgtha(dir, "generate-completion");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("complete -F _complete_tgtha").contains("failover").contains("--stuck-after")
;
    }

    @Test
    void durations() {
        assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationConverter.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(DurationConverter.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(DurationConverter.parse("3")).isEqualTo(Duration.ofSeconds(3));
        assertThat(DurationConverter.parse("PT5M")).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void theRemoteCommandLineDropsOnlyTheSshHopOptionsAndSurvivesTheShell() {
        List<String> args = List.of("--host", "n2", "status", "--identity=/k", "iqn.x:y", "--json", "--ssh-port", "2222",
                "--netns", "it's");
        List<String> stripped = RemoteCommandLine.strip(args, SharedOptions.SSH_ONLY_OPTIONS);
        assertThat(stripped).containsExactly("status", "iqn.x:y", "--json", "--netns", "it's");
        String line = RemoteCommandLine.render("tgtha", stripped);
        assertThat(line).isEqualTo("tgtha status iqn.x:y --json --netns 'it'\\''s'");
        assertThat(RemoteCommandLine.split(line)).containsExactly("tgtha", "status", "iqn.x:y", "--json", "--netns", "it's");
    }
}
