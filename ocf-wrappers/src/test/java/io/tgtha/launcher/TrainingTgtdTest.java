// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.launcher;

import io.tgtha.tgt.AccountDirection;
import io.tgtha.tgt.Lun;
import io.tgtha.tgt.Target;
import io.tgtha.tgt.TargetState;
import io.tgtha.tgt.TgtClient;
import io.tgtha.tgt.TgtRequestException;
import io.tgtha.tgt.TgtVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The CDS training's stand-in tgtd, spoken to by the real tgt client over a real AF_UNIX socket. */
class TrainingTgtdTest {
    @TempDir
    Path dir;

    private TgtClient client(Path socket) {
        return TgtClient.builder().socketPath(socket).accountLockFile(dir.resolve("account-slots.lock")).tgtdVersion(TgtVersion.parse("1.0.85"))
                .timeout(Duration.ofSeconds(5)).build();
    }

    @Test
    void answersTheMonitorsShowRequestsWithTheTrainingState() throws IOException {
        Path socket = dir.resolve("socket.32767");
        try (TrainingTgtd tgtd = TrainingTgtd.listen(socket)) {
            TgtClient tgt = client(socket);
            List<Target> targets = tgt.showTargets();
            assertThat(targets).hasSize(1);
            Target t = targets.get(0);
            assertThat(t.iqn()).isEqualTo(TrainingTgtd.IQN);
            assertThat(t.state()).isEqualTo(TargetState.READY);
            assertThat(t.incomingAccounts()).containsExactly(TrainingTgtd.ACCOUNT);
            assertThat(t.aclAddresses()).containsExactly("192.0.2.0/24");
            assertThat(t.aclInitiatorNames()).containsExactly("iqn.2026-01.io.tgtha:cds-initiator");
            Lun lun = t.lun(1).orElseThrow();
            assertThat(lun.backingStorePath()).isEqualTo(TrainingTgtd.LUN_PATH);
            assertThat(lun.online()).isTrue();
            assertThat(tgt.accounts()).containsExactly(TrainingTgtd.ACCOUNT);
            assertThat(tgt.discoveryAccounts().binds(TrainingTgtd.ACCOUNT, AccountDirection.INCOMING)).isTrue();
            assertThat(tgtd.refused()).isZero();
            assertThat(tgtd.requests()).isEqualTo(5); // the target show bracketed by two LLD lists, accounts, system
        }
        assertThat(socket).doesNotExist();
    }

    @Test
    void refusesEverythingButTheShows() throws IOException {
        Path socket = dir.resolve("socket.32767");
        try (TrainingTgtd tgtd = TrainingTgtd.listen(socket)) {
            TgtClient tgt = client(socket);
            assertThatThrownBy(() -> tgt.createTarget(2, "iqn.2026-01.io.tgtha:other"))
                    .isInstanceOf(TgtRequestException.class);
            assertThatThrownBy(() -> tgt.setTargetState(1, TargetState.OFFLINE))
                    .isInstanceOf(TgtRequestException.class);
            assertThat(tgtd.refused()).isGreaterThanOrEqualTo(2);
            assertThat(tgt.showTargets()).hasSize(1); // still the same state
        }
    }

    @Test
    void neverReplacesAnExistingFile() throws IOException {
        Path socket = dir.resolve("socket.32767");
        Files.writeString(socket, "someone else's");
        assertThatThrownBy(() -> TrainingTgtd.listen(socket)).isInstanceOf(IOException.class)
                .hasMessageContaining("refusing");
        assertThat(socket).hasContent("someone else's");
    }

    @Test
    void neverReplacesADanglingSymlink() throws IOException {
        Path socket = dir.resolve("socket.32767");
        Files.createSymbolicLink(socket, dir.resolve("elsewhere"));
        assertThatThrownBy(() -> TrainingTgtd.listen(socket)).isInstanceOf(IOException.class);
        assertThat(Files.isSymbolicLink(socket)).isTrue();
        assertThat(dir.resolve("elsewhere")).doesNotExist();
    }
}
