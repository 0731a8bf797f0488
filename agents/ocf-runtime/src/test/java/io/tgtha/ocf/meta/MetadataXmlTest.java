// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.meta;

import io.tgtha.ocf.param.ParameterSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class MetadataXmlTest {
    static final Path DTD = Path.of("/usr/share/resource-agents/ra-api-1.dtd");

    static final AgentMetadata META = new AgentMetadata("demo", "0.1", "Demo & <test>", "Long \"desc\"",
            List.of(ParameterSpec.string("iqn").required().unique().shortdesc("IQN").longdesc("The <IQN>.").build(),
                    ParameterSpec.integer("tid").defaultValue("1").deprecatedName("old_tid").reloadable()
                            .shortdesc("tid").build(),
                    ParameterSpec.bool("flag").defaultValue("false").shortdesc("flag").build()),
            List.of(ActionSpec.of("start", Duration.ofSeconds(30)), ActionSpec.of("stop", Duration.ofMillis(1500)),
                    ActionSpec.monitor(Duration.ofSeconds(20), Duration.ofSeconds(10), 0),
                    ActionSpec.of("meta-data", Duration.ofSeconds(5)),
                    ActionSpec.of("validate-all", Duration.ofSeconds(5))));

    @Test
    void rendersTheParametersAndActions() {
        String xml = META.toXml();
        assertThat(xml).contains("<resource-agent name=\"demo\" version=\"0.1\">")
                .contains("<parameter name=\"iqn\" unique=\"1\" required=\"1\">")
                .contains("<content type=\"integer\" default=\"1\" />")
                .contains("<shortdesc lang=\"en\">Demo &amp; &lt;test&gt;</shortdesc>")
                .contains("<action name=\"stop\" timeout=\"1500ms\" />")
                .contains("<action name=\"monitor\" timeout=\"20s\" interval=\"10s\" depth=\"0\" />")
                .contains("deprecated name(s): old_tid");
    }

    /** What ocf-tester checks first: the OCF 1.0 DTD, which rejects OCF 1.1 attributes such as reloadable. */
    @Test
    void validatesAgainstTheOcf10Dtd(@TempDir Path dir) throws Exception {
        assertThat(DTD).as("resource-agents must be installed (test-cluster/bin/install-test-deps)").exists();
        Path file = dir.resolve("demo.xml");
        Files.writeString(file, META.toXml());
        Process p = new ProcessBuilder("xmllint", "--noout", "--dtdvalid", DTD.toString(), file.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
