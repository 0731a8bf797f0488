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
 * Issue 18.5, "the reference configurations loaded into a real CIB and started in the test cluster": both
 * docs/reference-configuration.crm and docs/reference-configuration.pcs.sh, with only the lab's substitutions
 * ({@link ReferenceConfigurationForTheLab}), are loaded into the running two-node cluster by {@code bin/refconfig-check}
 * (crmsh's {@code configure load update}; the pcs script run as written on cl-n1, live CIB in and out): every resource
 * instance is Started with no failed operation, every target answers a CHAP login from libiscsi (iscsi-ls, secret from
 * the environment) and refuses a wrong secret, and removing the configuration leaves nothing in the CIB or on the
 * nodes.
 */
class ReferenceConfigurationStartsInTheClusterLabTest {
    static final List<String> TARGETS = List.of("t1", "t2", "t3", "t4", "t5", "t6");

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void theReferenceConfigurationStartsAnswersChapLoginsAndLeavesNothingBehind() throws Exception {
        startsAndLeavesNothingBehind("crm", List.of(), Duration.ofMinutes(4));
    }

    /** The pcs script makes ~40 pcs calls (a Python start each): minutes on a loaded 2-core machine. */
    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void thePcsReferenceScriptStartsTheSameAndLeavesNothingBehind() throws Exception {
        Lab.requireRoot("pcs");
        Path script = FailoverUnderLoadLabTest.logDir().resolve("reference-configuration.lab.pcs.sh");
        Files.writeString(script, ReferenceConfigurationForTheLab.adaptPcs(Files.readString(
                ReferenceConfigurationsLoadLabTest.DOCS.resolve("reference-configuration.pcs.sh")),
                ReferenceConfigurationForTheLab.sharedDir()));
        startsAndLeavesNothingBehind("pcs", List.of("--pcs", script.toString()), Duration.ofMinutes(19));
    }

    private static void startsAndLeavesNothingBehind(String tool, List<String> load, Duration limit) throws Exception {
        Lab.requireRoot(FailoverUnderLoadLabTest.LAB_TOOLS);
        Lab.requireRoot("iscsi-ls", "cibadmin", "crm_attribute");
        assertThat(AgentsUnderTest.choose()).as("the reference configuration uses the tgt-ha agents").isEqualTo("tgtha");
        Path dir = FailoverUnderLoadLabTest.logDir();
        Path config = dir.resolve("reference-configuration.lab.crm");
        Files.writeString(config, ReferenceConfigurationForTheLab.adapt(Files.readString(
                ReferenceConfigurationsLoadLabTest.DOCS.resolve("reference-configuration.crm")),
                ReferenceConfigurationForTheLab.sharedDir()));
        Path log = dir.resolve("refconfig-check-" + tool + ".log");
        List<String> args = new ArrayList<>(List.of("--config", config.toString()));
        args.addAll(load);

        LabScriptRun run = LabScriptRun.of(limit, log, "refconfig-check", args.toArray(String[]::new));

        List<String> checks = new ArrayList<>(List.of("loaded", "all-started", "no-failed-operations",
                "chap-wrong-secret-refused", "all-stopped", "cib-empty", "nothing-left-on-n1", "nothing-left-on-n2"));
        TARGETS.forEach(t -> checks.add("chap-login-" + t));
        assertThat(run.failed()).as("failed checks; output tail:%n%s", run.tail()).isEmpty();
        assertThat(run.passed()).as("every check ran; output tail:%n%s", run.tail())
                .containsExactlyInAnyOrderElementsOf(checks);
    }
}
