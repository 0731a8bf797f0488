package io.tgtha.ocf.exec;

import io.tgtha.ocf.Deadline;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryTest {
    @Test
    void retriesUntilSuccessAndReportsOnlyToTheDebugSink() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<String> debug = new ArrayList<>();
        String result = Retry.withBackoff(Duration.ofMillis(5), Duration.ofMillis(20)).debugTo(debug::add)
                .run(() -> {
                    if (calls.incrementAndGet() < 4) {
                        throw new IOException("Resource temporarily unavailable");
                    }
                    return "done";
                }, e -> true, Deadline.after(Duration.ofSeconds(5)));
        assertThat(result).isEqualTo("done");
        assertThat(calls).hasValue(4);
        assertThat(debug).hasSize(3).allMatch(s -> s.contains("Resource temporarily unavailable"));
    }

    @Test
    void aNonRetryableFailureIsThrownAtOnce() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> Retry.withBackoff(Duration.ofMillis(5), Duration.ofMillis(20))
                .run(() -> {
                    calls.incrementAndGet();
                    throw new IOException("permission denied");
                }, e -> !e.getMessage().contains("permission"), Deadline.after(Duration.ofSeconds(5))))
                .hasMessage("permission denied");
        assertThat(calls).hasValue(1);
    }

    @Test
    void stopsWhenTheDeadlineLeavesNoRoomAndThrowsTheLastFailure() {
        AtomicInteger calls = new AtomicInteger();
        long start = System.nanoTime();
        assertThatThrownBy(() -> Retry.withBackoff(Duration.ofMillis(20), Duration.ofMillis(100))
                .run(() -> {
                    throw new IOException("attempt " + calls.incrementAndGet());
                }, e -> true, Deadline.after(Duration.ofMillis(400))))
                .satisfies(e -> assertThat(e.getMessage()).isEqualTo("attempt " + calls.get()));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(600));
        assertThat(calls.get()).isBetween(3, 15);
    }

    @Test
    void backoffGrowsExponentially() throws Exception {
        List<Long> stamps = new ArrayList<>();
        assertThatThrownBy(() -> Retry.withBackoff(Duration.ofMillis(40), Duration.ofSeconds(1)).maxAttempts(4)
                .run(() -> {
                    stamps.add(System.nanoTime());
                    throw new IOException("x");
                }, e -> true, Deadline.after(Duration.ofSeconds(10))));
        assertThat(stamps).hasSize(4);
        long firstGap = stamps.get(1) - stamps.get(0);
        long lastGap = stamps.get(3) - stamps.get(2);
        // gaps are in [d/2, d] for d = 40, 80, 160 ms: the third is at least 80 ms, the first at most ~40 ms
        assertThat(Duration.ofNanos(firstGap)).isBetween(Duration.ofMillis(20), Duration.ofMillis(70));
        assertThat(Duration.ofNanos(lastGap)).isGreaterThanOrEqualTo(Duration.ofMillis(80));
    }
}
