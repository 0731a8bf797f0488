// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.lock;

import io.tgtha.ocf.Deadline;
import io.tgtha.ocf.OcfException;
import io.tgtha.ocf.OcfExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileMutexTest {
    @TempDir
    Path dir;

    private Process holder(long sleepMillis) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                HoldMutexMain.class.getName(), dir.toString(), "m", Long.toString(sleepMillis))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("HELD");
        return p;
    }

    @Test
    void anotherProcessHoldingTheMutexMakesUsWaitUntilOurDeadline() throws Exception {
        Process p = holder(60_000);
        try {
            long start = System.nanoTime();
            assertThatThrownBy(() -> new FileMutex(dir, "m").acquire(Duration.ofMillis(400), "waiter"))
                    .isInstanceOf(MutexTimeoutException.class)
                    .hasMessageContaining("held by: " + p.pid() + " test holder");
            // waited until its deadline (load only makes that later), and gave up then rather than waiting for
            // the holder's 60 s: 10 s leaves 25x the 400 ms for a loaded machine and is still far from 60 s
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(350),
                    Duration.ofSeconds(10));
        } finally {
            p.destroyForcibly().waitFor();
        }
    }

    @Test
    void anOperationWaitingInVainFailsWithOneLineNamingTheMutexAndItsHolder() throws Exception {
        Process p = holder(60_000);
        try {
            assertThatThrownBy(() -> new FileMutex(dir, "m").acquireOrFail(Deadline.after(Duration.ofMillis(300)), "waiter"))
                    .isInstanceOfSatisfying(OcfException.class, e -> assertThat(e.exitCode()).isEqualTo(OcfExitCode.ERR_GENERIC))
                    .hasMessageStartingWith("m lock busy: timed out waiting for " + dir.resolve("m.lock"))
                    .hasMessageContaining("held by: " + p.pid() + " test holder");
        } finally {
            p.destroyForcibly().waitFor();
        }
    }

    @Test
    void anOperationWhoseLockFileCannotBeUsedFailsNamingTheFile() throws Exception {
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> new FileMutex(open, "m").acquireOrFail(Deadline.after(Duration.ofSeconds(2)), "test"))
                .isInstanceOfSatisfying(OcfException.class, e -> assertThat(e.exitCode()).isEqualTo(OcfExitCode.ERR_GENERIC))
                .hasMessageStartingWith("cannot use the m lock " + open.resolve("m.lock") + ": ")
                .hasMessageContaining("unsafe lock directory");
    }

    @Test
    void aHolderKilledWithSigkillReleasesTheMutexAtOnce() throws Exception {
        Process p = holder(60_000);
        p.destroyForcibly(); // SIGKILL: no finally block, no shutdown hook runs in the holder
        assertThat(p.waitFor(5, TimeUnit.SECONDS)).isTrue();
        // the dead holder can release nothing itself: getting the mutex at all shows the kernel dropped its
        // lock, however long a loaded machine takes to get there
        try (FileMutex.Held held = new FileMutex(dir, "m").acquire(Duration.ofSeconds(20), "next")) {
            assertThat(Files.readString(dir.resolve("m.lock"))).contains("next");
        }
    }

    @Test
    void aHolderThatFinishesHandsOverToAWaiter() throws Exception {
        Process p = holder(300);
        try (FileMutex.Held held = new FileMutex(dir, "m").acquire(Duration.ofSeconds(10), "waiter")) {
            assertThat(p.waitFor(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void threadsOfOneProcessAreSerialised() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            futures.add(pool.submit(() -> {
                try (FileMutex.Held held = new FileMutex(dir, "m").acquire(Duration.ofSeconds(20), "t")) {
                    maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    Thread.sleep(5);
                    inside.decrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(maxInside).hasValue(1);
    }

    /**
     * Scale, 64 x 4 (docs/test-cluster.md "Scale"): 128 portblock starts queued in the agent host for the packet-filter
     * mutex, and three unblock starts failed after 19 s with "held by: another thread of this process". The in-process
     * lock let a thread that had just arrived take the mutex while the one woken for it was still waiting for a CPU,
     * so under load the threads that had waited longest kept losing until their deadline. Waiters are served in order.
     */
    @Test
    void threadsOfOneProcessGetTheMutexInTheOrderTheyAskedForIt() throws Exception {
        FileMutex mutex = new FileMutex(dir, "m");
        List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<?>> waiters = new ArrayList<>();
        try (FileMutex.Held first = mutex.acquire(Duration.ofSeconds(5), "first")) {
            for (int i = 1; i <= 3; i++) {
                String name = "waiter " + i;
                waiters.add(pool.submit(() -> {
                    try (FileMutex.Held held = mutex.acquire(Duration.ofSeconds(20), name)) {
                        order.add(name);
                    }
                    return null;
                }));
                // each waiter queued before the next one asks: that is the order they asked in
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (FileMutex.threadsWaiting(mutex.file()) < i) {
                    assertThat(System.nanoTime()).as("waiter %d queued within 20 s", i).isLessThan(deadline);
                    Thread.sleep(1);
                }
            }
        }
        // a late arrival, asking the moment the holder let go, while waiter 1 is only being woken
        try (FileMutex.Held late = mutex.acquire(Duration.ofSeconds(20), "late")) {
            order.add("late");
        }
        for (Future<?> f : waiters) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(order).containsExactly("waiter 1", "waiter 2", "waiter 3", "late");
    }

    @Test
    void aNestedAcquireOnTheSameThreadIsRefusedAtOnce() throws Exception {
        FileMutex mutex = new FileMutex(dir, "m");
        try (FileMutex.Held outer = mutex.acquire(Duration.ofSeconds(2), "outer")) {
            assertThatThrownBy(() -> mutex.acquire(Duration.ofSeconds(2), "inner"))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("already held by this thread");
        }
        try (FileMutex.Held again = mutex.acquire(Duration.ofSeconds(2), "again")) {
            assertThat(Files.readString(dir.resolve("m.lock"))).contains("again");
        }
    }

    @Test
    void lockNamesCannotEscapeTheLockDirectory() {
        assertThatThrownBy(() -> new FileMutex(dir, "../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
    }

    /** The hostile-input issue: a 0644 lock file let any local user hold an fcntl lock on it forever. */
    @Test
    void lockFilesAreTheOwnersAloneWhateverAnOlderInstallLeft() throws Exception {
        Path old = Files.createFile(dir.resolve("m.lock"), java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--")));
        try (FileMutex.Held held = new FileMutex(dir, "m").acquire(Duration.ofSeconds(2), "test")) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(old)))
                    .isEqualTo("rw-------");
        }
        try (FileMutex.Held held = new FileMutex(dir, "fresh").acquire(Duration.ofSeconds(2), "test")) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(dir.resolve("fresh.lock")))).isEqualTo("rw-------");
        }
    }

    @Test
    void aLocalUserCannotOpenTheLockFileToHoldIt() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        try (FileMutex.Held held = new FileMutex(dir, "m").acquire(Duration.ofSeconds(2), "test")) {
            Process p = new ProcessBuilder("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                    "python3", "-c", "import fcntl,sys; f=open(sys.argv[1]); fcntl.lockf(f, fcntl.LOCK_SH)",
                    dir.resolve("m.lock").toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(out).isNotZero();
            assertThat(out).contains("Permission denied");
        }
    }

    @Test
    void aSymbolicLinkInPlaceOfTheLockFileIsNeverFollowed() throws Exception {
        Path victim = dir.resolve("victim");
        Files.writeString(victim, "precious\n");
        Files.createSymbolicLink(dir.resolve("m.lock"), victim);
        assertThatThrownBy(() -> new FileMutex(dir, "m").acquire(Duration.ofSeconds(2), "test"))
                .isInstanceOf(java.io.IOException.class);
        assertThat(Files.readString(victim)).isEqualTo("precious\n");
    }

    @Test
    void aLockDirectoryOthersCanWriteIsRefused() throws Exception {
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> new FileMutex(open, "m").acquire(Duration.ofSeconds(2), "test"))
                .isInstanceOf(java.io.IOException.class).hasMessageContaining("unsafe lock directory");
    }
}
