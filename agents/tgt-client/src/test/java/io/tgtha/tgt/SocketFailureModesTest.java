// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transport failures, against a fake tgtd socket: every one typed, none hangs. */
class SocketFailureModesTest {
    @TempDir
    Path dir;

    @Test
    void aServerThatNeverAnswersTimesOutOnTime() throws Exception {
        try (FakeTgtd fake = new FakeTgtd(dir.resolve("socket.0"))) {
            fake.behaviour = FakeTgtd.Behaviour.NEVER_ANSWER;
            long start = System.nanoTime();
            TgtTimeoutException e = catchThrowableOfType(TgtTimeoutException.class,
                    () -> fake.client(Duration.ofMillis(400)).showTargets());
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(e).isNotNull();
            assertThat(e.timeout()).isEqualTo(Duration.ofMillis(400));
            // not before its timeout (load only makes it later); the server never answers, so without the
            // timeout this would hang: 10 s is 25x the 400 ms, slack for a loaded machine, not a measurement
            assertThat(took).isBetween(Duration.ofMillis(390), Duration.ofSeconds(10));
        }
    }

    @Test
    void aServerThatClosesMidRequestIsAConnectionLossWhileStillListening() throws Exception {
        try (FakeTgtd fake = new FakeTgtd(dir.resolve("socket.0"))) {
            fake.behaviour = FakeTgtd.Behaviour.CLOSE_AFTER_REQUEST;
            TgtConnectionLostException e = catchThrowableOfType(TgtConnectionLostException.class,
                    () -> fake.client(Duration.ofSeconds(2)).ping());
            assertThat(e).isNotNull();
            assertThat(e.daemonStillListening()).isTrue();
            fake.behaviour = FakeTgtd.Behaviour.HALF_HEADER_THEN_CLOSE;
            assertThatThrownBy(() -> fake.client(Duration.ofSeconds(2)).ping())
                    .isInstanceOf(TgtConnectionLostException.class);
        }
    }

    /** Issue 17: a 64 MiB bound against the agents' 32 MiB heap made a huge answer an OutOfMemoryError. */
    @Test
    void aResponseLongerThanTheAgentsHeapIsAProtocolErrorNotOutOfMemory() throws Exception {
        try (FakeTgtd fake = new FakeTgtd(dir.resolve("socket.0"))) {
            fake.behaviour = FakeTgtd.Behaviour.HUGE_LENGTH;
            TgtProtocolException e = catchThrowableOfType(TgtProtocolException.class,
                    () -> fake.client(Duration.ofSeconds(2)).ping());
            assertThat(e).isNotNull();
            assertThat(e.getMessage()).contains("implausible response length " + 0x7ffffff0);
            assertThat(MgmtSocket.MAX_RESPONSE).as("well below the agents' -Xmx32m").isLessThanOrEqualTo(8 << 20);
        }
    }

    @Test
    void errorCodesBecomeTypedRequestErrors() throws Exception {
        try (FakeTgtd fake = new FakeTgtd(dir.resolve("socket.0"))) {
            fake.behaviour = FakeTgtd.Behaviour.ANSWER_ERROR;
            fake.errorCode = 9;
            TgtRequestException e = catchThrowableOfType(TgtRequestException.class,
                    () -> fake.client(Duration.ofSeconds(2)).createTarget(1, "iqn.2026-01.io.tgtha:x"));
            assertThat(e.error()).isEqualTo(TgtError.TARGET_EXISTS);
            assertThat(e.code()).isEqualTo(9);
            assertThat(e.getMessage()).contains("create target 1", "this target already exists");
        }
    }

    @Test
    void missingSocketMeansNotRunning() {
        TgtClient c = TgtClient.builder().socketPath(dir.resolve("socket.77")).tgtdVersion(new TgtVersion(1, 0, 85))
                .timeout(Duration.ofSeconds(1)).build();
        assertThatThrownBy(c::ping).isInstanceOf(TgtNotRunningException.class).hasMessageContaining("socket.77");
    }

    @Test
    void staleSocketFileOfADeadDaemonMeansNotRunning() throws Exception {
        Path stale = dir.resolve("socket.5");
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(stale));
        }
        assertThat(Files.exists(stale)).isTrue();
        TgtClient c = TgtClient.builder().socketPath(stale).tgtdVersion(new TgtVersion(1, 0, 85)).build();
        assertThatThrownBy(c::showTargets).isInstanceOf(TgtNotRunningException.class);
    }

    @Test
    void unknownRequestLayoutIsRefusedBeforeAnythingIsSent() throws Exception {
        try (FakeTgtd fake = new FakeTgtd(dir.resolve("socket.0"))) {
            TgtClient old = TgtClient.builder().socketPath(fake.path).tgtdVersion(new TgtVersion(1, 0, 29)).build();
            assertThatThrownBy(old::ping).isInstanceOf(TgtUnsupportedVersionException.class)
                    .hasMessageContaining("1.0.29");
            Path liar = dir.resolve("tgtd");
            Files.writeString(liar, "#!/bin/sh\necho 'no version here'\n");
            liar.toFile().setExecutable(true);
            TgtClient unknown = TgtClient.builder().socketPath(fake.path).tgtdBinary(liar).build();
            assertThatThrownBy(unknown::ping).isInstanceOf(TgtUnsupportedVersionException.class)
                    .hasMessageContaining("cannot determine");
            assertThat(fake.requests).isEmpty();
        }
    }

    @Test
    void badInputIsRejectedLocallyWithAClearMessage() throws Exception {
        try (FakeTgtd fake = new FakeTgtd(dir.resolve("socket.0"))) {
            TgtClient c = fake.client(Duration.ofSeconds(1));
            assertThatThrownBy(() -> c.createTarget(0, "iqn.x:y")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.createTarget(1, "iqn x")).hasMessageContaining("target name");
            assertThatThrownBy(() -> c.createAccount("a,b", "pw123456789012")).hasMessageContaining("account user");
            assertThatThrownBy(() -> c.createAccount("alice", "")).hasMessageContaining("password")
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.createLun(1, 1, LunSpec.disk("/a,b"))).hasMessageContaining("path");
            assertThatThrownBy(() -> c.bindInitiatorAddress(1, "10.0.0.1; rm")).hasMessageContaining("address");
            assertThat(fake.requests).isEmpty();
        }
    }
}
