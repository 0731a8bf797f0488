// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.launcher;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launcher finds agents by class name, so a renamed or moved agent class would silently become
 * "not installed". Pin the table to the sources: every agent whose class exists in the repository
 * is present on the launcher's class path, and every present agent instantiates.
 */
class PackagedAgentsTest {
    private static final Path REPO = Path.of(System.getProperty("tgtha.moduleDir", ".")).toAbsolutePath().getParent();
    private static final List<String> SOURCE_ROOTS = List.of("portblock", "agents/target-and-lun", "shared-accounts");

    @Test
    void everyAgentClassInTheRepositoryIsOnTheLauncherClassPath() throws Exception {
        List<String> inSources = new ArrayList<>();
        for (String name : AgentCatalog.TGTHA.knownNames()) {
            String relative = AgentCatalog.TGTHA.implementationOf(name).orElseThrow().replace('.', '/') + ".java";
            for (String root : SOURCE_ROOTS) {
                if (Files.exists(REPO.resolve(root).resolve("src/main/java").resolve(relative))) {
                    inSources.add(name);
                }
            }
        }
        assertThat(AgentCatalog.TGTHA.presentNames()).containsExactlyInAnyOrderElementsOf(inSources);
    }

    @Test
    void everyPresentAgentInstantiatesAndNamesItselfAsInTheCatalog() {
        for (String name : AgentCatalog.TGTHA.presentNames()) {
            assertThat(AgentCatalog.TGTHA.instantiate(name).metadata().name()).isEqualTo(name);
        }
    }
}
