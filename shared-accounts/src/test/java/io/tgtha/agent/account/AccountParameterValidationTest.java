// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.account;

import static io.tgtha.agent.account.AgentHarness.env;
import static io.tgtha.agent.account.AgentHarness.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.tgtha.agent.account.AgentHarness.Outcome;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * validate-all rejects bad parameters with rc 6 and a reason naming the parameter. Where a secret may come from and
 * what a password file must be: PasswordFileRulesTest (the agent) and SecretSourceTest (the runtime's rules).
 */
class AccountParameterValidationTest extends AccountAgentOnFakeTgt {
    static final String SECRET = "s3cret-Value-4711";

    /** Issue 17: the tgt client hides its discovery guard account, so an agent of that name could not see itself. */
    @Test
    void theDiscoveryGuardsUserNameIsRefused() {
        Outcome o = run(agent, env("username", "tgtha-discovery-guard", "password", SECRET), "validate-all");
        assertThat(o.rc()).isEqualTo(6);
        assertThat(o.stderr()).contains("username").contains("reserved");
    }

    @Test
    void aShortSecretIsAcceptedWithAWarningThatDoesNotShowIt() {
        Outcome o = run(agent, env("username", "s", "password", "short1"), "validate-all");
        assertThat(o.rc()).isZero();
        assertThat(o.stderr()).contains("shorter than 12 bytes").doesNotContain("short1");
    }

    @ParameterizedTest(name = "{0}={1} -> 6")
    @CsvSource({"username, 'a,b'", "username, a=b", "username, 'a b'", "direction, sideways", "stop_if_bound, maybe",
            "tgt_control_port, 40000", "tgt_control_port, -1", "tgt_control_port, x", "discovery, perhaps"})
    void badParametersAreNotConfigured(String name, String value) {
        Map<String, String> e = env("username", "shared", "password", SECRET);
        e.put("OCF_RESKEY_" + name, value);
        Outcome o = run(agent, e, "validate-all");
        assertThat(o.rc()).as(o.stderr()).isEqualTo(6);
        assertThat(o.stderr()).contains("parameter '" + name + "'");
    }

    @Test
    void aMissingUsernameIsNotConfigured() {
        Outcome o = run(agent, env("password", SECRET), "validate-all");
        assertThat(o.rc()).isEqualTo(6);
        assertThat(o.stderr()).contains("required parameter 'username'");
    }

    @Test
    void metaDataDeclaresTheParametersAndNoSecretDefault() {
        Outcome o = run(agent, env(), "meta-data");
        assertThat(o.rc()).isZero();
        assertThat(o.stdout()).contains("<resource-agent name=\"account\"")
                .contains("name=\"username\"").contains("name=\"password_file\"").contains("name=\"discovery\"")
                .contains("name=\"stop_if_bound\"").contains("name=\"tgt_control_port\"");
    }
}
