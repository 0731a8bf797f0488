// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One fork of {@code tgtd -V} per installed binary, not per agent JVM; an upgrade invalidates the cache. */
class VersionProbeCacheTest {
    @TempDir
    Path dir;

    private Path fakeTgtd(String version) throws Exception {
        Path exe = dir.resolve("tgtd");
        Files.writeString(exe, "#!/bin/sh\necho run >> " + dir.resolve("calls") + "\necho " + version + "\n");
        exe.toFile().setExecutable(true);
        return exe;
    }

    private long calls() throws Exception {
        Path calls = dir.resolve("calls");
        return Files.exists(calls) ? Files.readAllLines(calls).size() : 0;
    }

    @Test
    void secondProbeReadsTheCacheAndAnUpgradeInvalidatesIt() throws Exception {
        Path exe = fakeTgtd("1.0.85");
        Path cache = dir.resolve("cache/tgtd-version.cache");
        assertThat(new VersionProbe(null, exe, cache).require("t")).isEqualTo(new TgtVersion(1, 0, 85));
        assertThat(calls()).isEqualTo(1);
        assertThat(new VersionProbe(null, exe, cache).require("t")).isEqualTo(new TgtVersion(1, 0, 85));
        assertThat(calls()).as("served from the cache").isEqualTo(1);

        // "upgrade": different content and mtime
        fakeTgtd("1.0.97  ");
        Files.setLastModifiedTime(exe, FileTime.fromMillis(Files.getLastModifiedTime(exe).toMillis() + 60_000));
        assertThat(new VersionProbe(null, exe, cache).require("t")).isEqualTo(new TgtVersion(1, 0, 97));
        assertThat(calls()).isEqualTo(2);
    }

    @Test
    void anUnsupportedVersionIsRefusedEvenFromTheCache() throws Exception {
        Path exe = fakeTgtd("1.0.20");
        Path cache = dir.resolve("tgtd-version.cache");
        assertThatThrownBy(() -> new VersionProbe(null, exe, cache).require("t"))
                .isInstanceOf(TgtUnsupportedVersionException.class);
        assertThatThrownBy(() -> new VersionProbe(null, exe, cache).require("t"))
                .isInstanceOf(TgtUnsupportedVersionException.class);
        assertThat(calls()).isEqualTo(1);
    }

    @Test
    void anUnwritableCacheOnlyCostsAFork() throws Exception {
        Path exe = fakeTgtd("1.0.85");
        Path cache = Path.of("/proc/no-such-dir/tgtd-version.cache");
        assertThat(new VersionProbe(null, exe, cache).require("t")).isEqualTo(new TgtVersion(1, 0, 85));
        assertThat(new VersionProbe(null, exe, cache).require("t")).isEqualTo(new TgtVersion(1, 0, 85));
        assertThat(calls()).isEqualTo(2);
    }
}
