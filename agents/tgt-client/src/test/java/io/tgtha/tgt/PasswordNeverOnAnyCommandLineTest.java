// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import static io.tgtha.tgt.RealTgtd.LOGIN_TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tgtha.testkit.IscsiUrl;
import io.tgtha.testkit.Lab;
import io.tgtha.testkit.TgtLab;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Samples every {@code /proc/PID/cmdline} in a tight loop while accounts are created and used through
 * the client; no sample may contain a password. A control process carrying a marker in its argv proves
 * the sampler sees what runs.
 */
class PasswordNeverOnAnyCommandLineTest {
    @TempDir
    Path dir;

    static final class CmdlineSampler implements AutoCloseable {
        final Set<String> seen = ConcurrentHashMap.newKeySet();
        final AtomicLong rounds = new AtomicLong();
        final AtomicBoolean running = new AtomicBoolean(true);
        final Thread thread = new Thread(this::loop, "cmdline-sampler");

        CmdlineSampler() {
            thread.setDaemon(true);
            thread.start();
        }

        private void loop() {
            while (running.get()) {
                try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
                    for (Path p : procs) {
                        try {
                            byte[] raw = Files.readAllBytes(p.resolve("cmdline"));
                            seen.add(new String(raw, StandardCharsets.UTF_8).replace('\0', ' '));
                        } catch (IOException gone) {
                            // exited meanwhile
                        }
                    }
                } catch (IOException e) {
                    // retry next round
                }
                rounds.incrementAndGet();
            }
        }

        List<String> containing(String secret) {
            return seen.stream().filter(s -> s.contains(secret)).toList();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(5000);
        }
    }

    @Test
    void passwordsOnlyTravelOverTheSocket() throws Exception {
        Lab.requireRoot("tgtd", "tgtadm", "iscsi-inq", "timeout");
        List<String> secrets = new ArrayList<>();
        try (TgtLab lab = TgtLab.start(RealTgtd.LAB); CmdlineSampler sampler = new CmdlineSampler()) {
            TgtClient tgt = RealTgtd.client(lab);
            String marker = "tgthaCmdlineMarker" + Lab.randomSuffix(8);
            // it runs until the sampler saw it (a 0.5 s control could slip between two rounds on a loaded machine)
            Process control = new ProcessBuilder("sh", "-c", "sleep 60", marker).start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (sampler.containing(marker).isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
            } finally {
                control.destroyForcibly().waitFor();
            }

            String iqn = "iqn.2026-01.io.tgtha:pw";
            tgt.createTarget(1, iqn);
            tgt.createLun(1, 1, LunSpec.disk(RealTgtd.sparseFile(dir, "pw.img", 8L << 20).toString()));
            tgt.bindInitiatorAddress(1, "ALL");
            for (int i = 0; i < 40; i++) {
                String secret = "Pw" + i + "x" + Lab.randomSuffix(14);
                secrets.add(secret);
                tgt.createAccount("pwuser" + i, secret);
            }
            tgt.bindAccount(1, "pwuser7", AccountDirection.INCOMING);
            TgtRequestException dup = catchThrowableOfType(TgtRequestException.class,
                    () -> tgt.createAccount("pwuser7", secrets.get(7)));
            assertThat(dup.error()).isEqualTo(TgtError.USER_EXISTS);
            assertThat(dup.getMessage()).doesNotContain(secrets.get(7));
            assertThat(String.valueOf(tgt.show())).doesNotContain(secrets.get(7));
            // the secret works, so it really reached tgtd
            assertThat(lab.initiator().canLogin(IscsiUrl.lun(lab.targetIp(), iqn, 1).withChap("pwuser7", secrets.get(7)),
                    LOGIN_TIMEOUT)).isTrue();
            sampler.close();

            assertThat(sampler.rounds.get()).isGreaterThan(10);
            assertThat(sampler.containing(marker)).as("control process must be sampled").isNotEmpty();
            for (String secret : secrets) {
                assertThat(sampler.containing(secret)).as("command lines containing a password").isEmpty();
            }
            for (String secret : secrets) {
                assertThat(lab.tgtd().logText()).doesNotContain(secret);
            }
        }
    }
}
