// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgtha.testkit.Lab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 18.5, "the reference configurations loaded into a real CIB and started in the test cluster":
 * docs/reference-configuration.crm, with only the lab's substitutions ({@link ReferenceConfigurationForTheLab}), is
 * loaded into the running two-node cluster by {@code bin/refconfig-check}: every resource instance is Started with no
 * failed operation, every target answers a CHAP login from libiscsi (iscsi-ls, secret from the environment) and
 * refuses a wrong secret, and removing the configuration leaves nothing in the CIB or on the nodes. The pcs script is
 * not started here: ReferenceConfigurationsLoadLabTest shows it makes the same CIB (it takes ~40 pcs calls, minutes).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ReferenceConfigurationStartsInTheClusterLabTest {
    static final List<String> TARGETS = List.of("t1", "t2", "t3", "t4", "t5", "t6");

    @Test
    void theReferenceConfigurationStartsAnswersChapLoginsAndLeavesNothingBehind() throws Exception {
        Lab.requireRoot(FailoverUnderLoadLabTest.LAB_TOOLS);
        Lab.requireRoot("iscsi-ls", "cibadmin", "crm_attribute");
        assertThat(AgentsUnderTest.choose()).as("the reference configuration uses the tgt-ha agents").isEqualTo("tgtha");
        Path dir = FailoverUnderLoadLabTest.logDir();
        Path config = dir.resolve("reference-configuration.lab.crm");
        Files.writeString(config, ReferenceConfigurationForTheLab.adapt(Files.readString(
                ReferenceConfigurationsLoadLabTest.DOCS.resolve("reference-configuration.crm")),
                ReferenceConfigurationForTheLab.sharedDir()));
        Path log = dir.resolve("refconfig-check.log");

        LabScriptRun run = LabScriptRun.of(Duration.ofMinutes(4), log, "refconfig-check", "--config",
                config.toString());

        List<String> checks = new ArrayList<>(List.of("loaded", "all-started", "no-failed-operations",
                "chap-wrong-secret-refused", "all-stopped", "cib-empty", "nothing-left-on-n1", "nothing-left-on-n2"));
        TARGETS.forEach(t -> checks.add("chap-login-" + t));
        assertThat(run.failed()).as("failed checks; output tail:%n%s", run.tail()).isEmpty();
        assertThat(run.passed()).as("every check ran; output tail:%n%s", run.tail())
                .containsExactlyInAnyOrderElementsOf(checks);
    }
}
