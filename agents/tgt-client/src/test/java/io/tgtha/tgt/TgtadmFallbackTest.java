// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tgtha.testkit.Lab;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tgtadm fallback transport: same bytes reach tgtd as from the socket client, tgtadm's exit codes and
 * messages become the same typed errors, and anything carrying a password is refused before a process
 * starts. Runs the real tgtadm against a fake socket (TGT_IPC_SOCKET).
 */
class TgtadmFallbackTest {
    @TempDir
    Path dir;
    FakeTgtd fake;
    TgtClient socketClient;
    TgtClient cliClient;

    @BeforeEach
    void setUp() throws Exception {
        Assumptions.assumeFalse(Lab.skipRequested(), "lab tests skipped");
        Assumptions.assumeTrue(Lab.which("tgtadm") != null, "tgtadm not installed");
        fake = new FakeTgtd(dir.resolve("socket.42"));
        socketClient = fake.client(Duration.ofSeconds(5));
        cliClient = cli(Duration.ofSeconds(5));
    }

    private TgtClient cli(Duration timeout) {
        return TgtClient.builder().controlPort(42).socketPath(fake.path).timeout(timeout)
                .accountLockFile(dir.resolve("slots.lock")).viaTgtadm(Lab.which("tgtadm"))
                .tgtadmEnvironment(Map.of("TGT_IPC_SOCKET", dir.resolve("socket").toString())).build();
    }

    private void sameBytes(Consumer<TgtClient> call) {
        fake.requests.clear();
        call.accept(socketClient);
        int n = fake.requests.size();
        call.accept(cliClient);
        assertThat(n).isPositive();
        assertThat(fake.requests).hasSize(2 * n);
        HexFormat hex = HexFormat.of();
        for (int i = 0; i < n; i++) {
            assertThat(hex.formatHex(fake.requests.get(n + i))).isEqualTo(hex.formatHex(fake.requests.get(i)));
        }
    }

    @Test
    void everyOperationSendsTheSameBytesAsTheSocketClient() {
        List<Consumer<TgtClient>> calls = List.of(
                c -> c.createTarget(3, "iqn.2026-01.io.tgtha:t3"),
                c -> c.deleteTarget(3),
                c -> c.setTargetState(3, TargetState.OFFLINE),
                c -> c.updateTargetParam(3, "MaxRecvDataSegmentLength", "65536"),
                c -> c.targetParams(3),
                c -> c.showTargets(),
                c -> c.createLun(3, 1, LunSpec.disk("/srv/l.img").withBsType("aio").withBsOflags("direct")
                        .withBlockSize(4096)),
                c -> c.deleteLun(3, 1),
                c -> c.bindAccount(3, "alice", AccountDirection.INCOMING),
                c -> c.bindAccount(3, "alice", AccountDirection.OUTGOING),
                c -> c.unbindAccount(3, "alice", AccountDirection.OUTGOING),
                c -> c.accounts(),
                c -> c.bindInitiatorAddress(3, "10.0.0.0/8"),
                c -> c.unbindInitiatorName(3, "iqn.2026-01.io.tgtha:ini"),
                c -> c.connections(3),
                c -> c.closeConnection(3, 5, 1),
                TgtClient::ping);
        calls.forEach(this::sameBytes);
    }

    @Test
    void forceDeleteToo() {
        sameBytes(c -> c.forceDeleteTarget(3));
    }

    /**
     * The first incoming discovery account comes with a guard account whose random secret tgtadm would carry on its
     * argv: through tgtadm the bind is refused, and it never gets as far as a bind that would leave discovery open.
     */
    @Test
    void bindingADiscoveryAccountThroughTgtadmIsRefusedBecauseItsGuardNeedsASecret() {
        assertThatThrownBy(() -> cliClient.bindDiscoveryAccount("alice", AccountDirection.INCOMING))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining(TgtClient.DISCOVERY_GUARD_USER)
                .hasMessageContaining("command line");
        // struct tgtadm_req starts with mode and op (native order); op 2 is OP_SHOW: it only looked before refusing
        assertThat(fake.requests).allSatisfy(r -> assertThat(
                java.nio.ByteBuffer.wrap(r).order(java.nio.ByteOrder.nativeOrder()).getInt(4)).as("op").isEqualTo(2));
    }

    @Test
    void createAccountIsRefusedBeforeAnyProcessStarts() {
        assertThatThrownBy(() -> cliClient.createAccount("alice", "never-on-argv"))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("command line")
                .hasMessageNotContaining("never-on-argv");
        assertThat(fake.requests).isEmpty();
    }

    @Test
    void everyTgtdErrorCodeComesBackAsTheSameTgtError() {
        fake.behaviour = FakeTgtd.Behaviour.ANSWER_ERROR;
        for (int code = 1; code <= 24; code++) {
            fake.errorCode = code;
            TgtRequestException e = catchThrowableOfType(TgtRequestException.class, cliClient::showTargets);
            assertThat(e).as("code " + code).isNotNull();
            assertThat(e.error()).isEqualTo(TgtError.fromCode(code));
        }
    }

    @Test
    void transportFailuresAreTypedLikeTheSocketClients() throws Exception {
        fake.behaviour = FakeTgtd.Behaviour.CLOSE_AFTER_REQUEST;
        assertThatThrownBy(cliClient::ping).isInstanceOf(TgtConnectionLostException.class);
        fake.behaviour = FakeTgtd.Behaviour.NEVER_ANSWER;
        long start = System.nanoTime();
        assertThatThrownBy(() -> cli(Duration.ofMillis(500)).ping()).isInstanceOf(TgtTimeoutException.class)
                .extracting(e -> ((TgtTimeoutException) e).timeout()).isEqualTo(Duration.ofMillis(500));
        // the server never answers: without the kill at the timeout tgtadm would wait forever; 20 s is 40x the
        // 500 ms, slack for a loaded machine, not a measurement
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        fake.close();
        assertThatThrownBy(cliClient::ping).isInstanceOf(TgtNotRunningException.class);
    }
}
