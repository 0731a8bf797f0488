// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** InstallIT's JDK 25 is any JDK 25 or later under the JVM directory, told by its release file, not by its name. */
class Jdk25Test {
    @TempDir
    Path jvm;

    private void jdk(String name, String releaseVersion, boolean java) throws IOException {
        Path home = Files.createDirectories(jvm.resolve(name));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"" + releaseVersion + "\"\n");
        if (java) {
            Path bin = Files.createDirectories(home.resolve("bin"));
            Files.writeString(bin.resolve("java"), "#!/bin/sh\n");
            Files.setPosixFilePermissions(bin.resolve("java"), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aJdk25OfAnyVendorIsFoundAndOlderOnesOrOnesWithoutJavaAreNot() throws IOException {
        jdk("a-openjdk-17", "17.0.15", true);
        jdk("b-jre-25-broken", "25.0.1", false);
        assertThat(Jdk25.find(jvm)).isEmpty();
        jdk("c-zulu-25", "25", true);
        jdk("d-temurin-26", "26.0.1", true);
        assertThat(Jdk25.find(jvm)).contains(jvm.resolve("c-zulu-25"));
        assertThat(Jdk25.majorOf(jvm.resolve("d-temurin-26"))).isEqualTo(26);
    }

    @Test
    void noJvmDirectoryIsNoJdk() {
        assertThat(Jdk25.find(jvm.resolve("absent"))).isEmpty();
    }

    @Test
    void thisMachinesTemurinIsFoundWhereItIs() {
        Path temurin = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(temurin), "no " + temurin);
        assertThat(Jdk25.majorOf(temurin)).isGreaterThanOrEqualTo(25);
        assertThat(Jdk25.find(Jdk25.JVM_DIR)).isPresent();
    }
}
