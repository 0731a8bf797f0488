package io.tgtha.tgt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Finds out which tgtd we talk to, once. tgtd does not report its version over the socket (1.0.85's
 * system show has none), so the installed binary is asked: {@code tgtd -V} prints it and exits.
 */
final class VersionProbe {
    private final Path binary;
    private volatile TgtVersion version;
    private volatile String failure;

    VersionProbe(TgtVersion known, Path binary) {
        this.version = known;
        this.binary = binary;
    }

    /** The version, or throws {@link TgtUnsupportedVersionException} when unknown or too old. */
    TgtVersion require(String operation) {
        TgtVersion v = version;
        if (v == null && failure == null) {
            synchronized (this) {
                if (version == null && failure == null) {
                    detect();
                }
                v = version;
            }
        }
        if (v == null) {
            throw new TgtUnsupportedVersionException(operation, "cannot determine the tgtd version (" + failure
                    + "); tell the client with TgtClient.builder().tgtdVersion(...)");
        }
        if (!v.isSupported()) {
            throw new TgtUnsupportedVersionException(operation, "tgtd " + v + " uses a request layout this client "
                    + "does not speak (supported: " + TgtVersion.FIRST_SUPPORTED + " and later)");
        }
        return v;
    }

    private void detect() {
        Path exe = binary != null ? binary : TgtClientBuilder.findTgtd();
        if (exe == null) {
            failure = "no tgtd executable found";
            return;
        }
        try {
            Process p = new ProcessBuilder(exe.toString(), "-V").redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    failure = exe + " -V did not finish within 5 s";
                    return;
                }
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            try {
                version = TgtVersion.parse(out);
            } catch (IllegalArgumentException e) {
                failure = exe + " -V printed no version: '" + out + "'";
            }
        } catch (IOException e) {
            failure = "cannot run " + exe + " -V: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted while running " + exe + " -V";
        }
    }
}
