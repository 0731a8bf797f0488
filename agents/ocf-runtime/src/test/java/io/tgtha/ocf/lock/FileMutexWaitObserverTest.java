// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.lock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileMutexWaitObserverTest {
    @TempDir
    Path dir;

    record Wait(String mutex, boolean timedOut, Duration waited) {
    }

    final List<Wait> seen = new CopyOnWriteArrayList<>();

    final MutexWaitObserver recorder = new MutexWaitObserver() {
        @Override
        public void acquired(String mutex, Duration waited) {
            seen.add(new Wait(mutex, false, waited));
        }

        @Override
        public void timedOut(String mutex, Duration waited) {
            seen.add(new Wait(mutex, true, waited));
        }
    };

    @AfterEach
    void noObserver() {
        FileMutex.observeWaits(MutexWaitObserver.NONE);
    }

    @Test
    void eachAcquireAndEachTimeoutIsReportedUnderTheMutexName() throws Exception {
        FileMutex.observeWaits(recorder);
        FileMutex mutex = new FileMutex(dir, FileMutex.PACKET_FILTER);
        try (FileMutex.Held held = mutex.acquire(Duration.ofSeconds(5), "first")) {
            // another thread of this process waits for it until its deadline
            CompletableFuture<Void> other = CompletableFuture.runAsync(() -> assertThatThrownBy(
                    () -> new FileMutex(dir, FileMutex.PACKET_FILTER).acquire(Duration.ofMillis(200), "second"))
                    .isInstanceOf(MutexTimeoutException.class));
            other.get();
        }
        assertThat(seen).extracting(Wait::mutex, Wait::timedOut)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("packet-filter", false),
                        org.assertj.core.groups.Tuple.tuple("packet-filter", true));
        assertThat(seen).allSatisfy(w -> assertThat(w.waited()).isPositive());
    }

    @Test
    void aFailingObserverDoesNotFailTheAcquire() throws Exception {
        FileMutex.observeWaits(new MutexWaitObserver() {
            @Override
            public void acquired(String mutex, Duration waited) {
                throw new IllegalStateException("broken metrics");
            }

            @Override
            public void timedOut(String mutex, Duration waited) {
                throw new IllegalStateException("broken metrics");
            }
        });
        try (FileMutex.Held held = new FileMutex(dir, "m").acquire(Duration.ofSeconds(5), "x")) {
            assertThat(held).isNotNull();
        }
    }

    @Test
    void withoutAnObserverNothingIsReported() throws Exception {
        FileMutex.observeWaits(recorder);
        FileMutex.observeWaits(null);
        try (FileMutex.Held held = new FileMutex(dir, "m").acquire(Duration.ofSeconds(5), "x")) {
            assertThat(seen).isEmpty();
        }
    }
}
