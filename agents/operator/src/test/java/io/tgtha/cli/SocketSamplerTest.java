// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import io.tgtha.cli.net.ConnectionHealth;
import io.tgtha.cli.net.SocketSampler;
import io.tgtha.cli.net.SsParser;
import io.tgtha.cli.net.TcpSocket;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class SocketSamplerTest {
    final AtomicLong now = new AtomicLong();

    SocketSampler sampler(Deque<List<TcpSocket>> samples) {
        return new SocketSampler(() -> samples.size() > 1 ? samples.poll() : samples.peek(), now::get,
                d -> now.addAndGet(d.toNanos()));
    }

    static List<TcpSocket> ss(String text) {
        return SsParser.parse(text);
    }

    static String line(long sendQ, long acked, Long lastAck) {
        return "ESTAB 0 " + sendQ + " 10.0.0.1:3260 10.0.0.2:40000\n\t bytes_acked:" + acked
                + (lastAck == null ? "" : " lastack:" + lastAck) + "\n";
    }

    @Test
    void capturedStuckConnectionIsStuckFromASingleLookThanksToLastack() {
        Deque<List<TcpSocket>> q = new ArrayDeque<>(List.of(ss(Captured.read("ss-stuck-tnie-1.txt"))));
        List<ConnectionHealth> h = sampler(q).sample(Duration.ZERO, Duration.ofMillis(100), Duration.ofSeconds(1));
        assertThat(h).hasSize(1);
        assertThat(h.get(0).stuck()).isTrue();
        assertThat(h.get(0).notDrainingFor()).isEqualTo(Duration.ofMillis(3004));
    }

    @Test
    void aFullSendQThatIsBeingAcknowledgedIsNotStuck() {
        Deque<List<TcpSocket>> q = new ArrayDeque<>(List.of(ss(line(900000, 1000, null)), ss(line(900000, 5000, null)),
                ss(line(800000, 9000, null))));
        List<ConnectionHealth> h = sampler(q).sample(Duration.ofMillis(200), Duration.ofMillis(100), Duration.ofMillis(100));
        assertThat(h.get(0).stuck()).isFalse();
        assertThat(h.get(0).notDrainingFor()).isZero();
    }

    @Test
    void noAcknowledgedBytesAcrossTheWindowIsStuckEvenWhileLastackIsSmall() {
        // zero-window probing: ACKs arrive (small lastack) but no data is acknowledged
        Deque<List<TcpSocket>> q = new ArrayDeque<>(List.of(ss(line(5000, 777, 10L)), ss(line(5000, 777, 20L)),
                ss(line(5000, 777, 5L))));
        List<ConnectionHealth> h = sampler(q).sample(Duration.ofMillis(200), Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(h.get(0).notDrainingFor()).isEqualTo(Duration.ofMillis(200));
        assertThat(h.get(0).stuck()).isTrue();
    }

    @Test
    void emptySendQIsNeverStuckWhateverLastack() {
        Deque<List<TcpSocket>> q = new ArrayDeque<>(List.of(ss(Captured.read("ss-ipv6.txt"))));
        List<ConnectionHealth> h = sampler(q).sample(Duration.ZERO, Duration.ofMillis(100), Duration.ofMillis(1));
        assertThat(h.get(0).stuck()).isFalse();
        assertThat(h.get(0).notDrainingFor()).isZero();
    }

    @Test
    void theTwoCapturedStuckSamplesShowNoProgressBetweenThem() {
        Deque<List<TcpSocket>> q = new ArrayDeque<>(List.of(ss(Captured.read("ss-stuck-tnie-1.txt")),
                ss(Captured.read("ss-stuck-tnie-2.txt"))));
        List<ConnectionHealth> h = sampler(q).sample(Duration.ofMillis(100), Duration.ofMillis(2000), Duration.ofSeconds(5));
        // lastack of the second capture (5012 ms) dominates the 2 s window
        assertThat(h.get(0).notDrainingFor()).isEqualTo(Duration.ofMillis(5012));
        assertThat(h.get(0).stuck()).isTrue();
    }
}
