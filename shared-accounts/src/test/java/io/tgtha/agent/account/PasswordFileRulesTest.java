// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.account;

import static io.tgtha.agent.account.AgentHarness.env;
import static io.tgtha.agent.account.AgentHarness.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.tgtha.agent.account.AgentHarness.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: the account agent's {@code password} and {@code password_file}. The rules a password file must obey
 * are the runtime's ({@code SecretSourceTest}); here, what the agent makes of them: a broken rule is rc 6 from
 * validate-all and start, named after {@code password_file}, never showing the secret, and start then creates
 * nothing; both parameters set is rc 6 naming both, neither is rc 6; a missing file is rc 5 for validate-all and
 * start only (stop and monitor never read it); a good file's secret is the one start gives tgtd.
 */
class PasswordFileRulesTest extends AccountAgentOnFakeTgt {
    static final String SECRET = "Rules-Secret-4711";

    private Path secretFile(String name, String mode) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, SECRET + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    @Test
    void aFileBreakingARuleIsRc6NamingPasswordFileAndStartCreatesNothing() throws Exception {
        Path f = secretFile("group.secret", "rw-r-----");
        Outcome o = run(agent, env("username", "shared", "password_file", f.toString()), "validate-all");
        assertThat(o.rc()).as(o.stderr()).isEqualTo(6);
        assertThat(o.stderr()).contains("parameter 'password_file' '" + f + "': is accessible by group or others");
        assertThat(o.all()).doesNotContain(SECRET);
        Outcome start = run(agent, env("username", "shared", "password_file", f.toString()), "start");
        assertThat(start.rc()).as(start.stderr()).isEqualTo(6);
        assertThat(start.all()).doesNotContain(SECRET);
        assertThat(tgt.secrets).isEmpty();
        assertThat(tgt.journal).isEmpty();
    }

    @Test
    void bothPasswordAndPasswordFileAreRc6NamingBoth() throws Exception {
        Path f = secretFile("both.secret", "rw-------");
        Outcome o = run(agent, env("username", "shared", "password", SECRET, "password_file", f.toString()),
                "validate-all");
        assertThat(o.rc()).as(o.stderr()).isEqualTo(6);
        assertThat(o.stderr()).contains("either 'password' or 'password_file', not both").doesNotContain(SECRET);
        assertThat(run(agent, env("username", "shared", "password", SECRET, "password_file", f.toString()), "start")
                .rc()).isEqualTo(6);
        assertThat(tgt.secrets).isEmpty();
    }

    @Test
    void neitherPasswordNorPasswordFileIsNotConfigured() {
        Outcome o = run(agent, env("username", "shared"), "validate-all");
        assertThat(o.rc()).isEqualTo(6);
        assertThat(o.stderr()).contains("one of 'password' or 'password_file' is required");
        assertThat(run(agent, env("username", "shared", "password", ""), "start").rc()).isEqualTo(6);
        assertThat(tgt.journal).isEmpty();
    }

    @Test
    void aMissingPasswordFileIsNotInstalledOnThisNodeButNeverFailsStopOrMonitor() {
        Map<String, String> e = env("username", "shared", "password_file", dir.resolve("absent").toString());
        Outcome o = run(agent, e, "validate-all");
        assertThat(o.rc()).isEqualTo(5);
        assertThat(o.stderr()).contains("parameter 'password_file' '" + dir.resolve("absent") + "': does not exist on this node");
        assertThat(run(agent, e, "start").rc()).isEqualTo(5);
        assertThat(run(agent, e, "stop").rc()).isZero();
        assertThat(run(agent, e, "monitor").rc()).isEqualTo(7);
        assertThat(tgt.journal).isEmpty();
    }

    @Test
    void startCreatesTheAccountWithTheSecretReadFromTheFile() throws Exception {
        Path f = secretFile("good.secret", "rw-------");
        Outcome o = run(agent, env("username", "shared", "password_file", f.toString()), "start");
        assertThat(o.rc()).as(o.stderr()).isZero();
        assertThat(o.all()).doesNotContain(SECRET);
        assertThat(tgt.secrets).containsEntry("shared", SECRET);
    }
}
