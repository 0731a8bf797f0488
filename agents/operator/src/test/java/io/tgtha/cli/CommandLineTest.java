package io.tgtha.cli;

import io.tgtha.cli.ssh.RemoteCommandLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void exitCodesAreUniqueAndListedInEveryHelp() {
        assertThat(Arrays.stream(ExitCode.values()).map(ExitCode::code).collect(Collectors.toSet()))
                .hasSize(ExitCode.values().length);
        for (String sub : List.of("status", "drain", "ready", "failover")) {
            Run help = Run.tgtha(dir, sub, "--help");
            assertThat(help.exitCode()).isZero();
            assertThat(help.out()).contains("Usage: tgtha " + sub).contains("--host=NODE").contains("--json")
                    .contains("20   --host: the host key is not in known_hosts");
        }
    }

    @Test
    void versionIsThePomVersion() {
        Run run = Run.tgtha(dir, "--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("tgtha " + System.getProperty("tgtha.projectVersion") + "\n");
    }

    @Test
    void badInputIsAUsageErrorWithoutAStackTrace() {
        Run run = Run.tgtha(dir, "drain");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(run.err()).contains("Missing required argument").doesNotContain("at io.tgtha");
        Run dur = Run.tgtha(dir, "status", "--sample", "soon");
        assertThat(dur.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(dur.err()).contains("not a duration: 'soon'");
        assertThat(Run.tgtha(dir, "drain", "x", "--all").exitCode()).isEqualTo(ExitCode.USAGE.code());
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
        assertThat(run.out()).contains("complete -F _complete_tgtha").contains("failover").contains("--stuck-after");
    }

    @Test
    void manPagesAndCompletionAreGeneratedFromTheCommandModel() throws Exception {
        io.tgtha.cli.docs.ManPages.main(new String[]{dir.toString()});
        String status = java.nio.file.Files.readString(dir.resolve("man/tgtha-status.1"));
        assertThat(status).startsWith(".\\\" generated").contains(".TH TGTHA-STATUS 1")
                .contains("\\fB\\-\\-stuck\\-after\\fR=\\fIDURATION\\fR")
                .contains(".SH EXIT STATUS").contains("\\fB20\\fR");
        assertThat(java.nio.file.Files.readString(dir.resolve("man/tgtha.1"))).contains("\\fBfailover\\fR");
        assertThat(java.nio.file.Files.readString(dir.resolve("completion/tgtha"))).contains("_complete_tgtha");
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
        List<String> stripped = RemoteCommandLine.strip(args, CommonOptions.SSH_ONLY_OPTIONS);
        assertThat(stripped).containsExactly("status", "iqn.x:y", "--json", "--netns", "it's");
        String line = RemoteCommandLine.render("tgtha", stripped);
        assertThat(line).isEqualTo("tgtha status iqn.x:y --json --netns 'it'\\''s'");
        assertThat(RemoteCommandLine.split(line)).containsExactly("tgtha", "status", "iqn.x:y", "--json", "--netns", "it's");
    }
}
