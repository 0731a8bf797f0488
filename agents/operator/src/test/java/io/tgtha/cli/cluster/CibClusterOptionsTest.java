// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.cluster;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CibClusterOptionsTest {
    @Test
    void readsTheBootstrapSetFirstThenTheOthers() {
        String xml = """
                <crm_config>
                  <cluster_property_set id="lab-tuning">
                    <nvpair id="lab-tuning-load-threshold" name="load-threshold" value="10000%"/>
                    <nvpair id="lab-tuning-batch" name="batch-limit" value="8"/>
                  </cluster_property_set>
                  <cluster_property_set id="cib-bootstrap-options">
                    <nvpair id="cib-bootstrap-options-have-watchdog" name="have-watchdog" value="false"/>
                    <nvpair id="cib-bootstrap-options-load-threshold" name="load-threshold" value="250%"/>
                    <nvpair id="cib-bootstrap-options-node-action-limit" name="node-action-limit" value="16"/>
                  </cluster_property_set>
                </crm_config>
                """;
        assertThat(CibClusterOptions.parse(xml)).containsEntry("load-threshold", "250%")
                .containsEntry("node-action-limit", "16").containsEntry("batch-limit", "8");
    }

    @Test
    void aClusterWithoutPropertiesHasNone() {
        assertThat(CibClusterOptions.parse("<crm_config/>")).isEmpty();
    }
}
