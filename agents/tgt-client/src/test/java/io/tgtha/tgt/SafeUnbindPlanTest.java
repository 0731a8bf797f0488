// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exact request sequence of a hole-free unbind, and its clean-up when tgtd fails midway (fake tgtd). */
class SafeUnbindPlanTest {
    // op numbers: SHOW 2, BIND 3, UNBIND 4; mode TARGET 1, ACCOUNT 7
    static final String SHOW_ABC = String.join("\n", "Target 1: iqn.2026-01.io.tgtha:plan",
            "    System information:", "        Driver: iscsi", "        State: ready",
            "    I_T nexus information:", "    LUN information:", "    Account information:",
            "        a", "        b", "        c", "    ACL information:", "");
    @TempDir
    Path dir;

    // "2 4" is the LLD list asked before and after each show ("2 1"): see DefaultTgtClient.showTargets
    @Test
    void peelsFromTheEndUnbindsThenRebindsInOrder() throws Exception {
        try (FakeTgtd fake = new FakeTgtd(dir.resolve("socket.0"))) {
            fake.script.add(new Object[] {0, SHOW_ABC});
            fake.client(Duration.ofSeconds(2)).unbindAccountSafely(1, "a");
            assertThat(fake.requests).extracting(FakeTgtd::describe).containsExactly(
                    "2 4", "2 1", "2 4", "4 7 user=c", "4 7 user=b", "4 7 user=a", "3 7 user=b", "3 7 user=c");
        }
    }

    @Test
    void theLastAccountIsUnboundDirectly() throws Exception {
        try (FakeTgtd fake = new FakeTgtd(dir.resolve("socket.0"))) {
            fake.script.add(new Object[] {0, SHOW_ABC});
            fake.client(Duration.ofSeconds(2)).unbindAccountSafely(1, "c");
            assertThat(fake.requests).extracting(FakeTgtd::describe).containsExactly("2 4", "2 1", "2 4", "4 7 user=c");
        }
    }

    @Test
    void aFailureWhilePeelingPutsThePeeledAccountsBack() throws Exception {
        try (FakeTgtd fake = new FakeTgtd(dir.resolve("socket.0"))) {
            fake.script.add(new Object[] {0, SHOW_ABC});
            fake.script.add(new Object[] {0, ""});   // unbind c: ok
            fake.script.add(new Object[] {1, ""});   // unbind b: UNKNOWN_ERROR
            TgtRequestException e = catchThrowableOfType(TgtRequestException.class,
                    () -> fake.client(Duration.ofSeconds(2)).unbindAccountSafely(1, "a"));
            assertThat(e.error()).isEqualTo(TgtError.UNKNOWN_ERROR);
            assertThat(fake.requests).extracting(FakeTgtd::describe).containsExactly(
                    "2 4", "2 1", "2 4", "4 7 user=c", "4 7 user=b", "3 7 user=c");
        }
    }
}
