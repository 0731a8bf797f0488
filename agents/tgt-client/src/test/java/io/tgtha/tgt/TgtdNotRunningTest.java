// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tgtha.testkit.Lab;
import io.tgtha.testkit.TgtLab;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A real tgtd going away, politely (shutdownDaemon) or not (SIGKILL): every call says "not running". */
class TgtdNotRunningTest {

    @Test
    void shutdownIsRefusedWhileTargetsExistThenStopsTgtd() {
        Lab.requireRoot("tgtd", "tgtadm");
        try (TgtLab lab = TgtLab.start(RealTgtd.LAB)) {
            // a long timeout, so that answering at it cannot pass for an answer from the refused connect
            TgtClient tgt = TgtClient.forControlPort(lab.tgtd().controlPort(), Duration.ofSeconds(60));
            tgt.createTarget(1, "iqn.2026-01.io.tgtha:down");
            TgtRequestException busy = catchThrowableOfType(TgtRequestException.class, tgt::shutdownDaemon);
            assertThat(busy.error()).isEqualTo(TgtError.INVALID_REQUEST);
            assertThat(lab.tgtd().isAlive()).isTrue();
            tgt.deleteTarget(1);
            tgt.shutdownDaemon();
            assertThat(lab.tgtd().awaitExit(Duration.ofSeconds(5))).isTrue();
            assertThat(lab.tgtd().exitStatus()).isZero();
            assertThatThrownBy(tgt::ping).isInstanceOf(TgtNotRunningException.class);
            assertThatThrownBy(tgt::show).isInstanceOf(TgtNotRunningException.class);
        }
    }

    @Test
    void killedTgtdLeavesAStaleSocketThatMeansNotRunning() {
        Lab.requireRoot("tgtd", "tgtadm");
        try (TgtLab lab = TgtLab.start(RealTgtd.LAB)) {
            // a long timeout, so that answering at it cannot pass for an answer from the refused connect
            TgtClient tgt = TgtClient.forControlPort(lab.tgtd().controlPort(), Duration.ofSeconds(60));
            tgt.ping();
            lab.tgtd().kill();
            long start = System.nanoTime();
            TgtNotRunningException e = catchThrowableOfType(TgtNotRunningException.class,
                    () -> tgt.createTarget(1, "iqn.2026-01.io.tgtha:gone"));
            assertThat(e.socketPath()).endsWith("socket." + lab.tgtd().controlPort());
            // a refused connect takes milliseconds; 20 s is slack for a loaded machine and a third of the timeout
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        }
    }
}
