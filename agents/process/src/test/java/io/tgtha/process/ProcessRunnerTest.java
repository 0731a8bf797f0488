// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ProcessRunnerTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private final ProcessRunner runner = new ProcessRunner();

    @Test
    void capturesExitCodeAndBothStreams() throws Exception {
        ProcessResult r = runner.run(ProcessRequest.of(MINUTE, "sh", "-c", "echo out; echo err >&2; exit 3")
                .succeedingOn(Set.of(0, 3)));
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stdout().text()).isEqualTo("out\n");
        assertThat(r.stderr().text()).isEqualTo("err\n");
        assertThat(r.stdout().truncated()).isFalse();
    }

    @Test
    void anExitOutsideTheSuccessSetIsExitedNonZeroWithTheResult() {
        var e = catchThrowableOfType(ProcessExitedNonZeroException.class,
                () -> runner.run(ProcessRequest.of(MINUTE, "sh", "-c", "echo first >&2; echo second >&2; exit 4")));
        assertThat(e.exitCode()).isEqualTo(4);
        assertThat(e.getMessage()).isEqualTo("sh exited 4: first");
        assertThat(e.result().stderr().text()).isEqualTo("first\nsecond\n");
    }

    @Test
    void aMissingProgramIsNotStartedNotAnExitCode(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> runner.run(ProcessRequest.of(MINUTE, "no-such-program-tgtha")))
                .isInstanceOf(ProcessNotStartedException.class).hasMessageContaining("no-such-program-tgtha");
        Path notExecutable = Files.writeString(dir.resolve("script"), "#!/bin/sh\nexit 0\n");
        assertThatThrownBy(() -> runner.run(ProcessRequest.of(MINUTE, notExecutable.toString())))
                .isInstanceOf(ProcessNotStartedException.class);
    }

    @Test
    void theTimeoutIsCappedByTheCallersDeadline() {
        var capped = new ProcessRunner(() -> Duration.ofMillis(300));
        var e = catchThrowableOfType(ProcessTimedOutException.class,
                () -> capped.run(ProcessRequest.of(Duration.ofHours(1), "sleep", "300")));
        assertThat(e.timeout()).isEqualTo(Duration.ofMillis(300));

        var spent = new ProcessRunner(() -> Duration.ZERO);
        var none = catchThrowableOfType(ProcessTimedOutException.class,
                () -> spent.run(ProcessRequest.of(MINUTE, "sh", "-c", "echo started")));
        assertThat(none.stdout().total()).as("nothing was started").isZero();
    }

    /** The grandchild ignores SIGTERM and its parent is still waiting for it: a polite kill of the child alone leaves it. */
    @Test
    void aGrandchildThatIgnoresSigtermIsGoneAfterTheTimeout() throws Exception {
        String script = "(trap '' TERM; exec sh -c 'grep SigIgn /proc/$$/status; echo pid $$; exec sleep 300') & wait";
        var e = catchThrowableOfType(ProcessTimedOutException.class,
                () -> runner.run(ProcessRequest.of(Duration.ofSeconds(2), "sh", "-c", script)));
        Grandchild g = Grandchild.from(e.stdout().text());
        assertThat(g.ignoresSigterm()).as("the grandchild really ignored SIGTERM: %s", e.stdout().text()).isTrue();
        assertThat(isRunning(g.pid())).as("pid %d after the timeout", g.pid()).isFalse();
    }

    /**
     * The grandchild's parent exited, so it was re-parented and is no descendant of the command any more:
     * {@link ProcessHandle#descendants()} alone cannot find it, the process group does.
     */
    @Test
    void anOrphanedGrandchildThatIgnoresSigtermIsGoneAfterTheTimeout() throws Exception {
        String script = "sh -c \"(trap '' TERM; exec sh -c 'grep SigIgn /proc/\\$\\$/status; echo pid \\$\\$; "
                + "exec sleep 300') &\"; sleep 300";
        var e = catchThrowableOfType(ProcessTimedOutException.class,
                () -> runner.run(ProcessRequest.of(Duration.ofSeconds(2), "sh", "-c", script)));
        Grandchild g = Grandchild.from(e.stdout().text());
        assertThat(g.ignoresSigterm()).as(e.stdout().text()).isTrue();
        assertThat(isRunning(g.pid())).as("pid %d after the timeout", g.pid()).isFalse();
    }

    @Test
    void aCommandThatExitsButLeavesAChildHoldingItsOutputEndsByTheTimeout() throws Exception {
        // the child holds stdout from its fork on, and the parent names it ($!): no sleep orders the two
        ProcessResult r = runner.run(ProcessRequest.of(Duration.ofSeconds(2), "sh", "-c",
                "sh -c 'exec sleep 300' & echo pid $!; exit 0"));
        assertThat(r.exitCode()).isZero();
        long pid = Long.parseLong(r.stdout().text().strip().substring(4));
        assertThat(isRunning(pid)).isFalse();
    }

    @Test
    void outputOverTheLimitIsCountedAndCutNotKept() throws Exception {
        ProcessResult r = runner.run(ProcessRequest.of(MINUTE, "head", "-c", "5000000", "/dev/zero")
                .withOutputLimit(1000));
        assertThat(r.stdout().total()).isEqualTo(5_000_000);
        assertThat(r.stdout().bytes()).hasSize(1000);
        assertThat(r.stdout().truncated()).isTrue();
    }

    /** 256 MiB of output through a runner in a JVM with an 8 MiB heap: only a bounded capture survives it. */
    @Test
    void outputOverTheLimitIsNotBuffered() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessResult r = runner.run(ProcessRequest.of(Duration.ofMinutes(2), java, "-Xmx8m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), BoundedOutputMain.class.getName()));
        assertThat(r.stdout().text().strip()).isEqualTo("total=268435456 kept=4096 truncated=true");
    }

    @Test
    void secretsGivenOnStdinReachTheCommandAndNeverItsArgv() throws Exception {
        String secret = "s3cret-" + ProcessHandle.current().pid() + "-on-stdin";
        // while it holds the secret, the command lists every command line on the machine, its own group's included
        String script = "IFS= read -r s; echo \"length ${#s}\"; "
                + "sleep 30 & for f in /proc/[0-9]*/cmdline; do tr '\\0' ' ' < $f 2>/dev/null; echo; done; "
                + "kill $!; exit 5";
        var e = catchThrowableOfType(ProcessExitedNonZeroException.class, () -> runner.run(
                ProcessRequest.of(MINUTE, "sh", "-c", script).withStdin((secret + "\n").getBytes(StandardCharsets.UTF_8))));
        String out = e.result().stdout().text();
        assertThat(out).startsWith("length " + secret.length() + "\n").contains("sleep 30").doesNotContain(secret);
        assertThat(e.getMessage()).doesNotContain(secret);
        assertThat(e.argv().toString()).doesNotContain(secret);
    }

    @Test
    void aCommandThatNeverReadsALargeStdinStillEndsByItsTimeout() {
        byte[] big = new byte[4 << 20];
        assertThatThrownBy(() -> runner.run(ProcessRequest.of(Duration.ofSeconds(1), "sleep", "300").withStdin(big)))
                .isInstanceOf(ProcessTimedOutException.class);
    }

    @Test
    void resolvesProgramsOnThePathAsExecvpDoes(@TempDir Path dir) throws IOException {
        assertThat(ProcessRunner.resolve("sh", "/nonexistent:/bin:/usr/bin")).isIn("/bin/sh", "/usr/bin/sh");
        assertThat(ProcessRunner.resolve("sh", "/nonexistent")).isNull();
        assertThat(ProcessRunner.resolve("/bin/sh", null)).isEqualTo("/bin/sh");
        assertThat(ProcessRunner.resolve(dir.toString(), null)).as("a directory").isNull();
    }

    /** Alive and not a zombie (a zombie has no code left to run; its new parent reaps it when it gets to it). */
    static boolean isRunning(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return false;
        }
    }

    record Grandchild(long pid, boolean ignoresSigterm) {
        static Grandchild from(String out) {
            long pid = -1;
            boolean ignores = false;
            for (String line : out.split("\n")) {
                if (line.startsWith("pid ")) {
                    pid = Long.parseLong(line.substring(4).strip());
                } else if (line.startsWith("SigIgn:")) {
                    ignores = (Long.parseUnsignedLong(line.substring(7).strip(), 16) & (1L << (15 - 1))) != 0;
                }
            }
            assertThat(pid).as("grandchild pid in: %s", out).isPositive();
            return new Grandchild(pid, ignores);
        }
    }
}
