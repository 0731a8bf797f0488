// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgtha.testkit.Exec;
import io.tgtha.testkit.ExecResult;
import io.tgtha.testkit.Lab;
import io.tgtha.testkit.OcfAgentScript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * resource-agents' ocf-tester against the account agent and a real tgtd. The agent's classes are in a
 * world-readable directory (ocf-tester runs meta-data as nobody); the secret file stays 0600 in a
 * private one (start and monitor run as root).
 */
class OcfTesterLabTest {
    @TempDir
    Path labDir;
    OcfAgentScript agent;

    @BeforeAll
    static void lab() {
        Lab.requireRoot("tgtd", "tgtadm", "ocf-tester");
    }

    @BeforeEach
    void createAgent() {
        agent = OcfAgentScript.create("ag", "account", AccountAgent.class.getName(),
                Map.of("TGTHA_RUN_DIR", labDir.resolve("run").toString()));
    }

    @AfterEach
    void removeAgent() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void ocfTesterPassesWithAPasswordFileAndDiscovery() throws Exception {
        Path secret = labDir.resolve("chap.secret");
        Files.writeString(secret, "Ocf-Tester-Secret-123\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        try (TwoNodeLab lab = TwoNodeLab.start(labDir, 180)) {
            ExecResult r = Exec.run(Duration.ofSeconds(240), agent.ocfTesterCommand("chap-account",
                    "username=ocftester", "password_file=" + secret, "discovery=true",
                    "tgt_control_port=" + lab.port(0)));
            assertThat(r.exitCode()).as(r.describe()).isZero();
            assertThat(r.stdout()).contains("passed all tests");
            assertThat(r.stdout() + r.stderr()).doesNotContain("Ocf-Tester-Secret-123");
            // ocf-tester ends with a stop: nothing is left behind
            assertThat(lab.client(0).accounts()).isEmpty();
            assertThat(lab.client(0).discoveryAccounts().incoming()).isEmpty();
            lab.assertTgtdHealthy(0);
        }
    }
}
