// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.exec;

import io.tgtha.ocf.Deadline;
import io.tgtha.ocf.OcfEnvironment;
import io.tgtha.ocf.log.OcfLog;
import io.tgtha.process.ProcessRequest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProcessCommandRunnerTest {
    private final OcfLog log = new OcfLog(new OcfEnvironment(Map.of()), "t",
            new PrintStream(new ByteArrayOutputStream()));

    @Test
    void capturesOutputAndExitCode() throws Exception {
        CommandResult r = new ProcessCommandRunner(null, log)
                .run(Command.of(Duration.ofSeconds(5), "sh", "-c", "echo out; echo err >&2"));
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).isEqualTo("out\n");
        assertThat(r.stderr()).isEqualTo("err\n");
    }

    @Test
    void commandTimeoutFiresAndKillsTheChildren() {
        assertThatThrownBy(() -> new ProcessCommandRunner(null, log)
                .run(Command.of(Duration.ofMillis(300), "sh", "-c", "sleep 30 & wait")))
                .isInstanceOf(CommandTimedOutException.class)
                .hasMessage("sh did not finish within 300 ms");
    }

    @Test
    void theOperationDeadlineCapsALongerCommandTimeout() {
        assertThatThrownBy(() -> new ProcessCommandRunner(Deadline.after(Duration.ofMillis(300)), log)
                .run(Command.of(Duration.ofSeconds(60), "sleep", "30")))
                .isInstanceOfSatisfying(CommandTimedOutException.class,
                        e -> assertThat(e.timeout()).isLessThanOrEqualTo(Duration.ofMillis(300)));
    }

    @Test
    void anExpiredDeadlineRunsNothing() {
        assertThatThrownBy(() -> new ProcessCommandRunner(Deadline.after(Duration.ZERO), log)
                .run(Command.of(Duration.ofSeconds(5), "true")))
                .isInstanceOf(CommandTimedOutException.class);
    }

    @Test
    void missingProgramIsNotFound() {
        assertThatThrownBy(() -> new ProcessCommandRunner(null, log)
                .run(Command.of(Duration.ofSeconds(5), "/nonexistent/tgtadm", "--op", "show")))
                .isInstanceOf(CommandNotFoundException.class)
                .hasMessage("/nonexistent/tgtadm could not be run: not installed or not executable");
    }

    @Test
    void unexpectedExitCodeIsAFailureWithTheFirstStderrLine() {
        assertThatThrownBy(() -> new ProcessCommandRunner(null, log)
                .run(Command.of(Duration.ofSeconds(5), "sh", "-c", "echo 'tgtadm: this target already exists' >&2; echo more >&2; exit 22")))
                .isInstanceOfSatisfying(CommandFailedException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(22);
                    assertThat(e.getMessage()).isEqualTo("sh exited 22: tgtadm: this target already exists");
                });
    }

    @Test
    void declaredExitCodesCountAsSuccess() throws Exception {
        CommandResult r = new ProcessCommandRunner(null, log)
                .run(Command.of(Duration.ofSeconds(5), "sh", "-c", "exit 1").succeedingOn(0, 1));
        assertThat(r.exitCode()).isEqualTo(1);
    }

    @Test
    void stdinReachesTheProcessAndNotItsArgv() throws Exception {
        CommandResult r = new ProcessCommandRunner(null, log)
                .run(Command.of(Duration.ofSeconds(5), "sh", "-c", "read pw; echo \"${#pw}\"")
                        .withStdin("hunter22\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.stdout().strip()).isEqualTo("8");
        assertThat(Command.of(Duration.ofSeconds(1), "x").withStdin(new byte[] {1}).toString()).isEqualTo("x");
    }

    @Test
    void largeOutputDoesNotBlockThePipeAndIsCutAtTheLimit() throws Exception {
        CommandResult r = new ProcessCommandRunner(null, log)
                .run(Command.of(Duration.ofSeconds(30), "sh", "-c", "head -c 3000000 /dev/zero; head -c 3000000 /dev/zero >&2"));
        assertThat(r.stdout()).hasSize(ProcessRequest.DEFAULT_OUTPUT_LIMIT);
        assertThat(r.stderr()).hasSize(ProcessRequest.DEFAULT_OUTPUT_LIMIT);
        assertThat(r.outputTruncated()).isTrue();
    }
}
