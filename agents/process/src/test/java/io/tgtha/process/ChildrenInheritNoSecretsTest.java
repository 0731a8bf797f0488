// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.process;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17: a cold agent JVM has every parameter in its environment as Pacemaker passes it
 * ({@code OCF_RESKEY_password} among them); no child (tgtd -V, tgtadm, iptables, ss, logger) may inherit a copy.
 */
class ChildrenInheritNoSecretsTest {
    @Test
    void agentParametersAndSecretsAreNotInherited() {
        assertThat(ProcessRunner.secretOrAgentParameter("OCF_RESKEY_password")).isTrue();
        assertThat(ProcessRunner.secretOrAgentParameter("OCF_RESKEY_iqn")).isTrue();
        assertThat(ProcessRunner.secretOrAgentParameter("LIBISCSI_CHAP_PASSWORD")).isTrue();
        assertThat(ProcessRunner.secretOrAgentParameter("my_secret")).isTrue();
        assertThat(ProcessRunner.secretOrAgentParameter("PATH")).isFalse();
        assertThat(ProcessRunner.secretOrAgentParameter("TGT_IPC_SOCKET")).isFalse();
    }

    @Test
    void aVariableTheRequestPassesExplicitlyReachesTheChild() throws Exception {
        ProcessResult r = new ProcessRunner().runToExit(ProcessRequest.of(java.time.Duration.ofSeconds(10),
                "sh", "-c", "echo \"$OCF_RESKEY_x\"").withEnv(java.util.Map.of("OCF_RESKEY_x", "given")));
        assertThat(r.stdout().text().trim()).isEqualTo("given");
    }
}
