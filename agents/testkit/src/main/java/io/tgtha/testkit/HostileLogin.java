// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.testkit;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A session held open by an initiator whose name and alias are whatever a test wants tgtd to print
 * (line breaks, escape sequences): libiscsi's {@code iscsi_set_alias} through the small C probe
 * src/main/c/iscsi-hostile-login.c, built with gcc on first use.
 */
public final class HostileLogin extends LoggedProcess {
    private static Path probe;

    private HostileLogin(Process process, File log) {
        super(process, log, StandardCharsets.ISO_8859_1);
    }

    /** Logs in from {@code ns} to {@code iqn} at {@code ip}:3260 and returns once tgtd holds the session. */
    public static HostileLogin start(Netns ns, String ip, String iqn, String initiatorName, String alias) {
        File log = LoggedProcess.newLog("hostile-login-");
        Process p = ns.start(log, probe().toString(), ip + ":3260", iqn, initiatorName, alias);
        HostileLogin login = new HostileLogin(p, log);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            String out = login.output();
            if (out.contains("logged-in")) {
                return login;
            }
            if (!p.isAlive()) {
                throw new LabException("hostile login to " + iqn + " failed: " + out, null);
            }
            sleepQuietly(50);
        }
        login.close();
        throw new LabException("hostile login to " + iqn + " did not complete: " + login.output(), null);
    }

    private static synchronized Path probe() {
        if (probe != null) {
            return probe;
        }
        try {
            Path dir = Files.createTempDirectory("hostile-login");
            Path src = dir.resolve("iscsi-hostile-login.c");
            try (InputStream in = HostileLogin.class.getResourceAsStream("/iscsi-hostile-login.c")) {
                if (in == null) {
                    throw new LabException("iscsi-hostile-login.c is not on the class path", null);
                }
                Files.copy(in, src);
            }
            Path bin = dir.resolve("iscsi-hostile-login");
            ExecResult r = Exec.run(Duration.ofSeconds(120), "gcc", "-O2", "-Wall", "-o", bin.toString(),
                    src.toString(), "-liscsi");
            if (!r.ok()) {
                throw new LabException("cannot build the hostile-login probe (gcc, libiscsi-dev): " + r, null);
            }
            probe = bin;
            return bin;
        } catch (IOException e) {
            throw new LabException("cannot build the hostile-login probe", e);
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
