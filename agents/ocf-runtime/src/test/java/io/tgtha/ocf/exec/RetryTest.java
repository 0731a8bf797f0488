// SPDX-License-Identifier: GPL-2.0-or-later
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
        List<Long> planned = new ArrayList<>();
        Deadline deadline = Deadline.after(Duration.ofMillis(400));
        assertThatThrownBy(() -> Retry.withBackoff(Duration.ofMillis(20), Duration.ofMillis(100))
                .debugTo(line -> planned.add(plannedMillis(line)))
                .run(() -> {
                    throw new IOException("attempt " + calls.incrementAndGet());
                }, e -> true, deadline))
                .satisfies(e -> assertThat(e.getMessage()).isEqualTo("attempt " + calls.get()));
        // it gave up by itself, with the last failure, and never planned to sleep past the deadline. It retried (at
        // least 2 calls; more as the machine allows: a loaded one stretches every wait) and did not spin (<= 15)
        assertThat(calls.get()).isBetween(2, 15).isEqualTo(planned.size() + 1);
        assertThat(planned.stream().mapToLong(Long::longValue).sum()).isLessThanOrEqualTo(400);
    }

    @Test
    void backoffGrowsExponentially() throws Exception {
        List<Long> planned = new ArrayList<>();
        assertThatThrownBy(() -> Retry.withBackoff(Duration.ofMillis(40), Duration.ofMillis(100)).maxAttempts(5)
                .debugTo(line -> planned.add(plannedMillis(line)))
                .run(() -> {
                    throw new IOException("x");
                }, e -> true, Deadline.after(Duration.ofSeconds(10))));
        // with full jitter each wait is in [d/2, d] for d = 40, 80, then 100 (the cap), 100 ms
        assertThat(planned).hasSize(4);
        assertThat(planned.get(0)).isBetween(20L, 40L);
        assertThat(planned.get(1)).isBetween(40L, 80L);
        assertThat(planned.get(2)).isBetween(50L, 100L);
        assertThat(planned.get(3)).isBetween(50L, 100L);
    }

    /** The wait a debug line announces: "attempt N failed (...), retrying in M ms". */
    private static long plannedMillis(String debugLine) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("retrying in (\\d+) ms$").matcher(debugLine);
        assertThat(m.find()).as(debugLine).isTrue();
        return Long.parseLong(m.group(1));
    }
}
