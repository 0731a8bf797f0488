// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.launcher;

import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/** tgtha.jar: one jar with launcher, runtime, every agent built and the operator command, reproducibly stamped. */
class TgthaJarIT {
    @Test
    void containsTheLauncherEveryPresentAgentAndTheOperatorCommand() throws Exception {
        try (ZipFile jar = new ZipFile(Installer.JAR.toFile())) {
            List<String> needed = new ArrayList<>(List.of("io/tgtha/launcher/AgentLauncher.class",
                    "io/tgtha/launcher/MetadataGenerator.class", "io/tgtha/launcher/CdsTraining.class",
                    "io/tgtha/ocf/agent/AgentRunner.class"));
            for (String agent : AgentCatalog.TGTHA.presentNames()) {
                needed.add(AgentCatalog.TGTHA.implementationOf(agent).orElseThrow().replace('.', '/') + ".class");
            }
            if (AgentCatalog.classPresent(AgentCatalog.OPERATOR_COMMAND_CLASS)) {
                needed.add(AgentCatalog.OPERATOR_COMMAND_CLASS.replace('.', '/') + ".class");
                needed.add("picocli/CommandLine.class");
            }
            for (String entry : needed) {
                assertThat(jar.getEntry(entry)).as(entry).isNotNull();
            }
            // test-only code never ships
            assertThat(jar.stream().map(ZipEntry::getName)).noneMatch(n -> n.startsWith("org/junit/")
                    || n.startsWith("io/tgtha/testkit/") || n.startsWith("io/tgtha/launcher/fixtures/"));
        }
    }

    @Test
    void manifestCarriesThePomVersion() throws Exception {
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(Installer.JAR.toFile())) {
            var main = jar.getManifest().getMainAttributes();
            assertThat(main.getValue("Implementation-Title")).isEqualTo("tgt-ha");
            assertThat(main.getValue("Implementation-Version")).isEqualTo(System.getProperty("tgtha.projectVersion"))
                    .isNotBlank();
        }
    }

    @Test
    void ourEntriesCarryTheFixedBuildTimestamp() throws Exception {
        // project.build.outputTimestamp=2026-01-01T00:00:00Z: identical sources give a byte-identical jar
        // (entries shaded in from third-party jars keep those jars' own, equally fixed, times)
        try (ZipFile jar = new ZipFile(Installer.JAR.toFile())) {
            assertThat(jar.stream().filter(e -> e.getName().startsWith("io/tgtha/") || e.getName().startsWith("META-INF/MANIFEST"))
                    .map(e -> e.getTimeLocal()).distinct().toList())
                    .containsExactly(LocalDateTime.of(2026, 1, 1, 0, 0));
        }
    }
}
