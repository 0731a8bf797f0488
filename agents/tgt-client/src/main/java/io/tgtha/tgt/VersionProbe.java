// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import io.tgtha.process.AtomicFile;
import io.tgtha.process.ProcessNotStartedException;
import io.tgtha.process.ProcessRequest;
import io.tgtha.process.ProcessResult;
import io.tgtha.process.ProcessRunner;
import io.tgtha.process.ProcessTimedOutException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;

/**
 * Finds out which tgtd we talk to, once. tgtd does not report its version over the socket (1.0.85's
 * system show has none), so the installed binary is asked: {@code tgtd -V} prints it and exits.
 * Agents run one JVM per operation, so the answer is cached in a small file keyed by the binary's
 * path, size, mtime and inode: a package upgrade invalidates it, a monitor does not fork tgtd.
 */
final class VersionProbe {
    /** In the node's run directory ({@link io.tgtha.process.RunDir}). */
    static Path defaultCache() {
        return io.tgtha.process.RunDir.current().resolve("tgtd-version.cache");
    }
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Path binary;
    private final Path cache;
    private volatile TgtVersion version;
    private volatile String failure;

    VersionProbe(TgtVersion known, Path binary) {
        this(known, binary, defaultCache());
    }

    VersionProbe(TgtVersion known, Path binary, Path cache) {
        this.version = known;
        this.binary = binary;
        this.cache = cache;
    }

    /** The version, or throws {@link TgtUnsupportedVersionException} when unknown or too old. */
    TgtVersion require(String operation) {
        TgtVersion v = detected(operation);
        if (!v.isSupported()) {
            throw new TgtUnsupportedVersionException(operation, "tgtd " + v + " uses a request layout this client "
                    + "does not speak (supported: " + TgtVersion.FIRST_SUPPORTED + " and later)");
        }
        return v;
    }

    /** The version, or throws {@link TgtUnsupportedVersionException} when it cannot be determined. */
    TgtVersion detected(String operation) {
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
        return v;
    }

    private void detect() {
        Path exe = binary != null ? binary : TgtClientBuilder.findTgtd();
        if (exe == null) {
            failure = "no tgtd executable found";
            return;
        }
        String key = cacheKey(exe);
        TgtVersion cached = key == null ? null : readCache(key);
        if (cached != null) {
            version = cached;
            return;
        }
        ProcessResult result;
        try {
            result = new ProcessRunner().runToExit(ProcessRequest.of(TIMEOUT, exe.toString(), "-V").withOutputLimit(4096));
        } catch (ProcessNotStartedException e) {
            failure = "cannot run " + exe + " -V: " + e.getMessage();
            return;
        } catch (ProcessTimedOutException e) {
            failure = exe + " -V did not finish within " + TIMEOUT.toSeconds() + " s";
            return;
        }
        String out = (result.stdout().text() + result.stderr().text()).trim();
        try {
            version = TgtVersion.parse(out);
            if (key != null) {
                writeCache(key, version);
            }
        } catch (IllegalArgumentException e) {
            failure = exe + " -V printed no version: '" + out + "'";
        }
    }

    /** "path size mtime inode" of the resolved binary, or null when it cannot be read. */
    static String cacheKey(Path exe) {
        try {
            Path real = exe.toRealPath();
            BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
            return real + " " + a.size() + " " + a.lastModifiedTime().toMillis() + " " + a.fileKey();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private TgtVersion readCache(String key) {
        try {
            for (String line : Files.readAllLines(cache, StandardCharsets.UTF_8)) {
                int sep = line.lastIndexOf('\t');
                if (sep > 0 && line.substring(0, sep).equals(key)) {
                    return TgtVersion.parse(line.substring(sep + 1));
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            // no or unreadable cache: ask the binary
        }
        return null;
    }

    /** Best effort, atomic (write + rename): a cache we cannot write only costs the next JVM a fork. */
    private void writeCache(String key, TgtVersion v) {
        try {
            Files.createDirectories(cache.getParent());
            AtomicFile.write(cache, key + "\t" + v + "\n", "rw-------");
        } catch (IOException | RuntimeException e) {
            // ignore
        }
    }
}
