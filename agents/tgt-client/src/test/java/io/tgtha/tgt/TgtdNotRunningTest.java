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
            TgtClient tgt = RealTgtd.client(lab);
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
            TgtClient tgt = RealTgtd.client(lab);
            tgt.ping();
            lab.tgtd().kill();
            long start = System.nanoTime();
            TgtNotRunningException e = catchThrowableOfType(TgtNotRunningException.class,
                    () -> tgt.createTarget(1, "iqn.2026-01.io.tgtha:gone"));
            assertThat(e.socketPath()).endsWith("socket." + lab.tgtd().controlPort());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        }
    }
}
