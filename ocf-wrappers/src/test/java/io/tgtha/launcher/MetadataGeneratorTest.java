// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MetadataGeneratorTest {
    @TempDir
    Path dir;

    @Test
    void writesValidMetadataForPresentAgentsAndRemovesStaleFiles() throws Exception {
        Files.writeString(dir.resolve("missing.xml"), "<stale/>");
        List<String> written = MetadataGenerator.generate(
                new AgentCatalog(java.util.Map.of("example", io.tgtha.launcher.fixtures.ExampleAgent.class.getName(),
                        "missing", "io.tgtha.agent.nowhere.MissingAgent")), dir);
        assertThat(written).containsExactly("example");
        assertThat(dir.resolve("missing.xml")).doesNotExist();
        assertThat(Xmllint.problemsWith(dir.resolve("example.xml"))).isEmpty();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("example.xml");
        }
    }

    @Test
    void theBuildTimeFilesAreExactlyWhatEachAgentSaysAndPassTheOcfDtd() throws Exception {
        Path built = Path.of(System.getProperty("tgtha.metadataDir", "target/metadata"));
        assertThat(built).as("generated in process-classes").isDirectory();
        for (String name : AgentCatalog.TGTHA.knownNames()) {
            Path file = built.resolve(name + ".xml");
            if (!AgentCatalog.TGTHA.presentNames().contains(name)) {
                assertThat(file).as(name + " is not in the jar").doesNotExist();
                continue;
            }
            assertThat(file).content().isEqualTo(AgentCatalog.TGTHA.instantiate(name).metadata().toXml());
            assertThat(Xmllint.problemsWith(file)).as(name).isEmpty();
        }
    }

    @Test
    void everyAgentAdvertisesThePomVersion() throws Exception {
        // OCF: the resource-agent element's version attribute is the agent's; <version> is the OCF API's (1.0)
        String pom = System.getProperty("tgtha.projectVersion");
        assertThat(pom).isNotBlank();
        Path built = Path.of(System.getProperty("tgtha.metadataDir", "target/metadata"));
        assertThat(AgentCatalog.TGTHA.presentNames()).isNotEmpty();
        for (String name : AgentCatalog.TGTHA.presentNames()) {
            assertThat(built.resolve(name + ".xml")).content().as(name)
                    .contains("<resource-agent name=\"" + name + "\" version=\"" + pom + "\">")
                    .contains("<version>1.0</version>");
        }
    }
}
