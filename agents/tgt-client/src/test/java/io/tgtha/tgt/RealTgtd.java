// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import io.tgtha.testkit.LabConfig;
import io.tgtha.testkit.TgtLab;
import io.tgtha.testkit.TgtadmTargets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Shared bits of the real-daemon tests: our lab allocation, clients, sparse backing files, polling. */
final class RealTgtd {
    static final LabConfig LAB = LabConfig.of("tc", "10.231.1", 1001, 1099);
    static final Duration LOGIN_TIMEOUT = Duration.ofSeconds(15);

    private RealTgtd() {
    }

    static TgtClient client(TgtLab lab) {
        return TgtClient.forControlPort(lab.tgtd().controlPort(), Duration.ofSeconds(10));
    }

    static Path sparseFile(Path dir, String name, long bytes) {
        return TgtadmTargets.sparseFile(dir.resolve(name), bytes);
    }

    static boolean eventually(Duration within, BooleanSupplier condition) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }
}
