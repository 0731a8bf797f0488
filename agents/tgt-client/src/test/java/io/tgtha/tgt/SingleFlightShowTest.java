// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The shared show of the agent host: a caller gets only a show that started after it asked, concurrent callers
 * share the next one, a failure reaches each of them, and each waits no longer than its own timeout. Shows are
 * fakes that block until the test lets them answer; threads are ordered by latches and by the queue of started
 * shows, never by sleeps.
 */
class SingleFlightShowTest {
    private static final Duration LONG = Duration.ofSeconds(60);

    /** The shows the fake tgtd was asked for, in order; each answers when the test completes its reply. */
    private final BlockingQueue<Show> started = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();

    private record Show(int number, Duration timeout, CompletableFuture<TargetListing> reply) {
        void answer() {
            reply.complete(listing(number));
        }
    }

    private int shows;

    private final SingleFlightShow.Fetch blockingFetch = timeout -> {
        Show s;
        synchronized (this) {
            s = new Show(++shows, timeout, new CompletableFuture<>());
        }
        started.add(s);
        try {
            return s.reply.get();
        } catch (ExecutionException e) {
            throw (RuntimeException) e.getCause();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    };

    static TargetListing listing(int show) {
        return new TargetListing("show " + show, List.of(new TargetName(show, "iqn.2026-12.io.tgtha:show" + show)));
    }

    @AfterEach
    void endShows() {
        started.forEach(s -> s.reply.complete(listing(0)));
        threads.forEach(Thread::interrupt);
    }

    @Test
    void callersThatCameWhileAShowRanShareTheNextOne() throws Exception {
        CountDownLatch queued = new CountDownLatch(3);
        SingleFlightShow shared = new SingleFlightShow(this::thread, queued::countDown);
        CompletableFuture<TargetListing> first = call(() -> shared.await(LONG, blockingFetch, "show"));
        Show one = nextShow();
        List<CompletableFuture<TargetListing>> later = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            later.add(call(() -> shared.await(LONG, blockingFetch, "show")));
        }
        assertThat(queued.await(30, TimeUnit.SECONDS)).as("three callers queued behind the running show").isTrue();
        one.answer();
        assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(listing(1));
        Show two = nextShow();
        two.answer();
        for (CompletableFuture<TargetListing> c : later) {
            assertThat(c.get(30, TimeUnit.SECONDS)).as("a show started after the caller asked").isEqualTo(listing(2));
        }
        assertThat(started).as("no third show for three callers").isEmpty();
    }

    @Test
    void aShowInFlightWhenTheCallerArrivedIsNotReused() throws Exception {
        CountDownLatch queued = new CountDownLatch(1);
        SingleFlightShow shared = new SingleFlightShow(this::thread, queued::countDown);
        CompletableFuture<TargetListing> first = call(() -> shared.await(LONG, blockingFetch, "show"));
        Show one = nextShow();
        CompletableFuture<TargetListing> late = call(() -> shared.await(LONG, blockingFetch, "show"));
        assertThat(queued.await(30, TimeUnit.SECONDS)).isTrue();
        one.answer();
        assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(listing(1));
        assertThat(late).as("the late caller does not take the show that was running when it asked").isNotDone();
        nextShow().answer();
        assertThat(late.get(30, TimeUnit.SECONDS)).isEqualTo(listing(2));
    }

    @Test
    void aShowThatHasEndedIsNeverHandedOutAgain() {
        SingleFlightShow shared = new SingleFlightShow(this::thread);
        assertThat(shared.await(LONG, this::fetchAnswered, "show")).isEqualTo(listing(1));
        assertThat(shared.await(LONG, this::fetchAnswered, "show")).isEqualTo(listing(2));
        assertThat(shows).isEqualTo(2);
    }

    private synchronized TargetListing fetchAnswered(Duration timeout) {
        return listing(++shows);
    }

    @Test
    void aFailureReachesEveryCallerOfThatShowAndTheNextCallerAsksAgain() throws Exception {
        CountDownLatch queued = new CountDownLatch(3);
        SingleFlightShow shared = new SingleFlightShow(this::thread, queued::countDown);
        CompletableFuture<TargetListing> first = call(() -> shared.await(LONG, blockingFetch, "show"));
        Show one = nextShow();
        List<CompletableFuture<TargetListing>> later = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            later.add(call(() -> shared.await(LONG, blockingFetch, "show")));
        }
        assertThat(queued.await(30, TimeUnit.SECONDS)).isTrue();
        one.reply.completeExceptionally(new TgtNotRunningException("show targets", "/run/x.0", null));
        Show two = nextShow();
        two.reply.completeExceptionally(new TgtNotRunningException("show targets", "/run/x.0", null));
        assertThatThrownBy(() -> first.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(TgtNotRunningException.class);
        for (CompletableFuture<TargetListing> c : later) {
            assertThatThrownBy(() -> c.get(30, TimeUnit.SECONDS)).as("every caller of the failed show")
                    .hasCauseInstanceOf(TgtNotRunningException.class);
        }
        CompletableFuture<TargetListing> after = call(() -> shared.await(LONG, blockingFetch, "show"));
        nextShow().answer();
        assertThat(after.get(30, TimeUnit.SECONDS)).as("a failed show is not remembered").isEqualTo(listing(3));
    }

    @Test
    void eachCallerWaitsOnlyItsOwnTimeoutAndTheShowGetsTheLongestWait() throws Exception {
        CountDownLatch queued = new CountDownLatch(2);
        SingleFlightShow shared = new SingleFlightShow(this::thread, queued::countDown);
        CompletableFuture<TargetListing> first = call(() -> shared.await(LONG, blockingFetch, "show"));
        Show one = nextShow();
        CompletableFuture<TargetListing> impatient = call(() -> shared.await(Duration.ofMillis(200), blockingFetch,
                "show"));
        CompletableFuture<TargetListing> patient = call(() -> shared.await(LONG, blockingFetch, "show"));
        assertThat(queued.await(30, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> impatient.get(30, TimeUnit.SECONDS)).as("gave up at its own timeout, show still running")
                .hasCauseInstanceOf(TgtTimeoutException.class);
        assertThat(first).isNotDone();
        assertThat(patient).isNotDone();
        one.answer();
        Show two = nextShow();
        assertThat(two.timeout()).as("the next show is bounded by its most patient caller, not by the impatient one")
                .isGreaterThan(Duration.ofMillis(200)).isLessThanOrEqualTo(LONG);
        two.answer();
        assertThat(patient.get(30, TimeUnit.SECONDS)).isEqualTo(listing(2));
        assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(listing(1));
    }

    @Test
    void aStarterThatGivesUpLeavesTheShowToTheOthers() throws Exception {
        CountDownLatch queued = new CountDownLatch(1);
        SingleFlightShow shared = new SingleFlightShow(this::thread, queued::countDown);
        // its own thread, not "the last one created": the show's worker may already have been created after it
        CompletableFuture<TargetListing> starter = new CompletableFuture<>();
        Thread starterThread = new Thread(() -> {
            try {
                starter.complete(shared.await(LONG, blockingFetch, "show"));
            } catch (RuntimeException e) {
                starter.completeExceptionally(e);
            }
        }, "single-flight-starter");
        starterThread.setDaemon(true);
        starterThread.start();
        Show one = nextShow();
        starterThread.interrupt(); // the host cancels an operation at its deadline by interrupting it
        assertThatThrownBy(() -> starter.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(TgtTimeoutException.class);
        CompletableFuture<TargetListing> late = call(() -> shared.await(LONG, blockingFetch, "show"));
        assertThat(queued.await(30, TimeUnit.SECONDS)).isTrue();
        one.answer(); // the show ran on, on its own thread, after its starter left
        nextShow().answer();
        assertThat(late.get(30, TimeUnit.SECONDS)).isEqualTo(listing(2));
    }

    private Show nextShow() throws InterruptedException {
        Show s = started.poll(30, TimeUnit.SECONDS);
        assertThat(s).as("a show was started").isNotNull();
        return s;
    }

    private <T> CompletableFuture<T> call(Supplier<T> caller) {
        CompletableFuture<T> result = new CompletableFuture<>();
        thread(() -> {
            try {
                result.complete(caller.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private void thread(Runnable r) {
        Thread t = new Thread(r, "single-flight-test");
        t.setDaemon(true);
        synchronized (threads) {
            threads.add(t);
        }
        t.start();
    }
}
