// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.lock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MutexWaitLogTest {
    @TempDir
    Path dir;

    @AfterEach
    void noObserver() {
        FileMutex.observeWaits(MutexWaitObserver.NONE);
    }

    @Test
    void eachAcquireAndTimeoutOfThisJvmBecomesALineTheReaderGivesBack() throws Exception {
        Path log = Files.createDirectories(dir.resolve("host")).resolve("cold-mutex-waits");
        FileMutex.observeWaits(new MutexWaitLog(log));
        Path locks = dir.resolve("locks");
        try (FileMutex.Held held = new FileMutex(locks, FileMutex.TGT_CONFIG).acquire(Duration.ofSeconds(5), "first")) {
            CompletableFuture.runAsync(() -> assertThatThrownBy(
                    () -> new FileMutex(locks, FileMutex.TGT_CONFIG).acquire(Duration.ofMillis(200), "second"))
                    .isInstanceOf(MutexTimeoutException.class)).get();
        }
        assertThat(Files.readAllLines(log)).hasSize(2)
                .allMatch(l -> l.matches("(acquired|timeout) tgt-config \\d+\\.\\d{6}"));
        assertThat(MutexWaitLog.read(log)).extracting(MutexWaitLog.Wait::mutex, MutexWaitLog.Wait::timedOut)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("tgt-config", false),
                        org.assertj.core.groups.Tuple.tuple("tgt-config", true));
        assertThat(MutexWaitLog.read(log).get(1).seconds()).isGreaterThan(0);
    }

    @Test
    void withoutTheHostsDirectoryNothingIsWrittenOrCreated() throws Exception {
        Path log = dir.resolve("host").resolve("cold-mutex-waits");
        new MutexWaitLog(log).acquired(FileMutex.PACKET_FILTER, Duration.ofMillis(1));
        assertThat(dir.resolve("host")).doesNotExist();
        assertThat(MutexWaitLog.read(log)).isEmpty();
    }

    @Test
    void linesItCannotReadAreSkipped() throws Exception {
        Path log = dir.resolve("cold-mutex-waits");
        Files.writeString(log, "acquired packet-filter 0.002000\nacquired packet-filter 0.0x\ngarbage\n"
                + "timeout tgt-config -1\nacquired tgt-config NaN\ntimeout tgt-config 20.000000\nacquired x\n");
        assertThat(MutexWaitLog.read(log)).containsExactly(new MutexWaitLog.Wait("packet-filter", false, 0.002),
                new MutexWaitLog.Wait("tgt-config", true, 20.0));
    }
}
