// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.tgt;

import io.tgtha.ocf.Deadline;
import io.tgtha.tgt.TgtClient;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The 64 x 4 standby (sixth session): tgtd, busy deleting LUNs, answered the shared show after more than 5 s, and
 * three LUN stops failed with 14 s of their 20 s left, because every request was capped at 5 s. Reads now wait for
 * the operation's whole deadline (less a moment to answer); changes keep the 5 s cap.
 */
class AReadWaitsForABusyTgtdUntilItsDeadlineTest {
    private final List<Duration> timeouts = new ArrayList<>();
    private final TgtClient client = (TgtClient) Proxy.newProxyInstance(TgtClient.class.getClassLoader(),
            new Class<?>[]{TgtClient.class}, (proxy, method, args) -> {
                if (method.getName().equals("withTimeout")) {
                    timeouts.add((Duration) args[0]);
                    return proxy;
                }
                throw new UnsupportedOperationException(method.getName());
            });

    @Test
    void aReadGetsTheWholeDeadlineLessTheMomentToAnswer() {
        new BoundedTgt(client, Deadline.after(Duration.ofSeconds(20))).reading();
        assertThat(timeouts.get(0)).isGreaterThan(Duration.ofSeconds(18)).isLessThanOrEqualTo(Duration.ofMillis(19_500));
    }

    @Test
    void aChangeIsStillCappedAtFiveSeconds() {
        new BoundedTgt(client, Deadline.after(Duration.ofSeconds(20))).now();
        assertThat(timeouts.get(0)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aReadWithLessThanTheMomentLeftGetsWhatIsLeft() {
        new BoundedTgt(client, Deadline.after(Duration.ofMillis(300))).reading();
        assertThat(timeouts.get(0)).isPositive().isLessThanOrEqualTo(Duration.ofMillis(300));
    }
}
