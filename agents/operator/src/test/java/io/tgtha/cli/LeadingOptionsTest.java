package io.tgtha.cli;

import io.tgtha.ocf.OcfEnvironment;
import io.tgtha.ocf.exec.ProcessCommandRunner;
import io.tgtha.ocf.log.OcfLog;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** `tgtha --host n1 status` used to fail with "Unknown option: '--host'": the shared options must follow the name. */
class LeadingOptionsTest {
    private final CommandLine root = TgtHa.commandLine(new CliContext(new PrintWriter(new StringWriter()),
            new PrintWriter(new StringWriter()), false, Map.of(),
            new ProcessCommandRunner(null, new OcfLog(new OcfEnvironment(Map.of()), "tgtha", System.err)),
            Path.of("/nonexistent")));

    private String[] moved(String... args) {
        return LeadingOptions.behindSubcommand(root, args);
    }

    @Test
    void sharedOptionsBeforeTheSubcommandGoBehindIt() {
        assertThat(moved("--host", "n1", "status")).containsExactly("status", "--host", "n1");
        assertThat(moved("--json", "--host=n1", "--ssh-port", "2222", "drain", "t1", "--keep-blocked"))
                .containsExactly("drain", "--json", "--host=n1", "--ssh-port", "2222", "t1", "--keep-blocked");
        assertThat(moved("--netns", "status", "status")).as("a value that looks like a subcommand is a value")
                .containsExactly("status", "--netns", "status");
    }

    @Test
    void anythingElseIsLeftForPicocliToAcceptOrExplain() {
        assertThat(moved("status", "--host", "n1")).containsExactly("status", "--host", "n1");
        assertThat(moved("--nosuch", "status")).containsExactly("--nosuch", "status");
        assertThat(moved("--host")).containsExactly("--host");
        assertThat(moved("--host", "n1")).containsExactly("--host", "n1");
        assertThat(moved("--help")).containsExactly("--help");
        assertThat(moved("--host", "n1", "help")).as("help is not one of ours").containsExactly("--host", "n1", "help");
        assertThat(moved()).isEmpty();
    }
}
