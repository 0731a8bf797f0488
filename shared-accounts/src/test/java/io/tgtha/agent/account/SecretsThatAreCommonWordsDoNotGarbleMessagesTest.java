// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.account;

import static io.tgtha.agent.account.AgentHarness.env;
import static io.tgtha.agent.account.AgentHarness.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.tgtha.agent.account.AgentHarness.Outcome;
import org.junit.jupiter.api.Test;

/**
 * The operator-safety issue: masking replaced a secret wherever it appeared as a substring of a message,
 * which garbled messages and revealed the secret ("password=short" logged "is ********er than 12 bytes",
 * giving away that the secret is a prefix of "shorter"). Secrets are now masked only where one is printed.
 */
class SecretsThatAreCommonWordsDoNotGarbleMessagesTest extends AccountAgentOnFakeTgt {

    @Test
    void aShortSecretThatIsPartOfAWordInTheMessage() {
        Outcome o = run(agent, env("username", "shared", "password", "short"), "validate-all");
        assertThat(o.rc()).isZero();
        assertThat(o.stderr()).contains("is shorter than 12 bytes").doesNotContain("*");
    }

    @Test
    void aSecretThatIsAWordOfTheMessage() {
        Outcome o = run(agent, env("username", "shared", "password", "CHAP"), "validate-all");
        assertThat(o.stderr()).contains("the CHAP secret of account shared").doesNotContain("*");
    }

    @Test
    void aSecretThatIsPartOfTheUserName() {
        Outcome o = run(agent, env("username", "secretuser", "password", "secret"), "validate-all");
        assertThat(o.stderr()).contains("of account secretuser is").doesNotContain("*");
    }
}
