// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.portblock;

import io.tgtha.packetfilter.Executables;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class MetadataTest {
    private static final Path DTD = Path.of("/usr/share/resource-agents/ra-api-1.dtd");

    @TempDir
    Path tmp;

    @Test
    void metaDataIsValidOcf10() throws Exception {
        AgentHarness.Outcome o = new AgentHarness(tmp).run("meta-data", Map.of());
        assertThat(o.rc()).isZero();
        assertThat(o.stdout()).contains("<resource-agent name=\"portblock\"")
                .contains("<parameter name=\"portno\"").contains("<parameter name=\"method\"")
                .contains("<action name=\"validate-all\"");
        assumeTrue(Files.exists(DTD) && Executables.find("xmllint").isPresent(), "xmllint and the OCF DTD needed");
        Path xml = tmp.resolve("meta.xml");
        Files.writeString(xml, o.stdout(), StandardCharsets.UTF_8);
        Process p = new ProcessBuilder("xmllint", "--noout", "--dtdvalid", DTD.toString(), xml.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    @Test
    void sameParameterNamesAsTheStockAgent() {
        String xml = new AgentHarness(tmp).run("meta-data", Map.of()).stdout();
        for (String name : new String[]{"protocol", "portno", "action", "ip", "direction",
                "reset_local_on_unblock_stop", "tickle_dir", "sync_script"}) {
            assertThat(xml).contains("<parameter name=\"" + name + "\"");
        }
    }
}
