// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import io.tgtha.ocf.exec.Command;
import io.tgtha.ocf.exec.CommandException;
import io.tgtha.ocf.exec.CommandFailedException;
import io.tgtha.ocf.exec.CommandResult;
import io.tgtha.ocf.exec.CommandRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where status puts its warnings: the {@code warnings} array with --json, one stderr line each in the text view,
 * and never a different exit code. A passive node (no tgtd on control port 4098) in the captured lab cluster, whose
 * iptables shows a stock block rule; the cluster's load-threshold is 0% so the real machine's load cannot add a
 * throttle warning (PacemakerThrottleTest covers that rule).
 */
@SuppressWarnings("unchecked")
class StatusWarningsTest {
    static final String STOCK_RULE = "-A INPUT -d 10.0.0.21/32 -p tcp -m multiport --dports 3260 -j DROP";
    static final String CRM_CONFIG = """
            <crm_config><cluster_property_set id="cib-bootstrap-options">
              <nvpair id="o-lt" name="load-threshold" value="0%"/>
            </cluster_property_set></crm_config>
            """;

    @TempDir
    Path dir;

    /** The captured cluster for crm_mon and the resources; crm_config and iptables -S as given. */
    static CommandRunner node(String iptablesS) {
        FakeCluster cluster = new FakeCluster(CrmMonXmlTest.HEALTHY);
        return command -> {
            List<String> argv = command.argv();
            if (argv.get(0).equals("cibadmin") && argv.contains("crm_config")) {
                return new CommandResult(command, 0, CRM_CONFIG, "", Duration.ZERO);
            }
            if (argv.get(0).equals("iptables")) {
                if (iptablesS == null) {
                    throw new CommandFailedException(new CommandResult(command, 4, "",
                            "iptables v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied", Duration.ZERO));
                }
                return new CommandResult(command, 0, iptablesS, "", Duration.ZERO);
            }
            return cluster.run(command);
        };
    }

    @Test
    void aStockRuleIsAWarningInTheJsonReportAndTheExitCodeStaysZero() {
        Run run = Run.tgtha(node("-P INPUT ACCEPT\n" + STOCK_RULE + "\n"), dir, "status", "--json", "-C", "4098", "--sample", "0");
        assertThat(run.exitCode()).as(run.describe()).isZero();
        List<Object> warnings = (List<Object>) run.json().get("warnings");
        assertThat(warnings).hasSize(1);
        Map<String, Object> w = (Map<String, Object>) warnings.get(0);
        assertThat(w).containsEntry("code", "stock-portblock-rules");
        assertThat((String) w.get("message")).contains("iptables " + STOCK_RULE);
        assertThat(run.err()).doesNotContain("warning");
    }

    @Test
    void theTextViewPutsEachWarningOnStderr() {
        Run run = Run.tgtha(node(STOCK_RULE + "\n"), dir, "status", "-C", "4098", "--sample", "0");
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.err().lines().filter(l -> l.startsWith("tgtha: warning: ")).toList()).hasSize(1)
                .allSatisfy(l -> assertThat(l).contains(STOCK_RULE).contains("docs/troubleshooting.md"));
        assertThat(run.out()).doesNotContain(STOCK_RULE);
    }

    @Test
    void noWarningWithoutStockRulesOrWhenIptablesCannotBeRead() {
        for (String listing : new String[]{"-P INPUT ACCEPT\n", null}) {
            Run run = Run.tgtha(node(listing), dir, "status", "--json", "-C", "4098", "--sample", "0");
            assertThat(run.exitCode()).as(run.describe()).isZero();
            assertThat((List<Object>) run.json().get("warnings")).isEmpty();
        }
    }
}
