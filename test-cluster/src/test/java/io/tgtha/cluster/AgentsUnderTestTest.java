// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cluster;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cluster tests' guard against silently testing the stock agents, or a stale install (issue 18). */
class AgentsUnderTestTest {
    @TempDir
    Path dir;
    Path ocf;
    Path lib;
    Path jar;

    @BeforeEach
    void install() throws Exception {
        ocf = Files.createDirectories(dir.resolve("ocf/resource.d/tgtha"));
        lib = Files.createDirectories(dir.resolve("lib/tgtha"));
        jar = dir.resolve("built/tgtha.jar");
        Files.createDirectories(jar.getParent());
        Files.write(jar, new byte[] {'P', 'K', 3, 4, 1, 2, 3});
        for (String agent : AgentsUnderTest.AGENTS) {
            Files.writeString(ocf.resolve(agent), "#!/bin/sh\n");
            Files.setPosixFilePermissions(ocf.resolve(agent), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.copy(jar, lib.resolve("tgtha.jar"));
        // the build id exactly as ocf-wrappers/install.sh computes it, by the same shell pipeline
        Process p = new ProcessBuilder("bash", "-c", "{ sha256sum < \"$1/tgtha.jar\"; echo \"$1\"; } | sha256sum | cut -c1-16",
                "x", lib.toString()).redirectOutput(lib.resolve("build-id").toFile()).start();
        assertThat(p.waitFor()).isZero();
    }

    @Test
    void theInstallOfThisBuildIsTested() {
        assertThat(AgentsUnderTest.choose("tgtha", ocf, lib, jar)).isEqualTo("tgtha");
        assertThat(AgentsUnderTest.buildId(jar, lib)).isEqualTo(read(lib.resolve("build-id")));
    }

    @Test
    void noAgentsInstalledFailsAndSaysHowToInstallInsteadOfTestingTheStockAgents() throws Exception {
        Files.delete(ocf.resolve("portblock"));
        assertThatThrownBy(() -> AgentsUnderTest.choose("tgtha", ocf, lib, jar)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("portblock is not installed").hasMessageContaining("ocf-wrappers/install.sh")
                .hasMessageContaining("-Dtgtha.clusterAgents=stock-patched");
    }

    @Test
    void anInstallOfAnotherBuildIsStale() throws Exception {
        Files.write(jar, new byte[] {'P', 'K', 3, 4, 9});
        assertThatThrownBy(() -> AgentsUnderTest.choose("tgtha", ocf, lib, jar)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("stale install").hasMessageContaining(read(lib.resolve("build-id")));
    }

    @Test
    void withoutABuiltJarTheInstallCannotBeTrusted() throws Exception {
        Files.delete(jar);
        assertThatThrownBy(() -> AgentsUnderTest.choose("tgtha", ocf, lib, jar)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("cannot tell whether the installed agents are this build");
    }

    @Test
    void theStockAgentsOnlyWhenAskedFor() throws Exception {
        Files.delete(ocf.resolve("target"));
        assertThat(AgentsUnderTest.choose("stock-patched", ocf, lib, jar)).isEqualTo("stock-patched");
        assertThat(AgentsUnderTest.choose("stock", ocf, lib, jar)).isEqualTo("stock");
        assertThatThrownBy(() -> AgentsUnderTest.choose("auto", ocf, lib, jar))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-Dtgtha.clusterAgents=auto");
    }

    static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.US_ASCII).strip();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
