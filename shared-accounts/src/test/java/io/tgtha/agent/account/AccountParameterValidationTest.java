// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.account;

import static io.tgtha.agent.account.AgentHarness.env;
import static io.tgtha.agent.account.AgentHarness.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.tgtha.agent.account.AgentHarness.Outcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** validate-all and start reject bad secrets and parameters with the right OCF code and a clear reason. */
class AccountParameterValidationTest {
    static final String SECRET = "s3cret-Value-4711";

    @TempDir
    Path dir;
    FakeTgtClient tgt;
    AccountAgent agent;

    @BeforeEach
    void agent() {
        tgt = new FakeTgtClient();
        agent = new AccountAgent(tgt, new PasswordRecords(dir.resolve("records")), dir.resolve("locks"));
    }

    Path secretFile(String content, String mode) throws Exception {
        Path f = dir.resolve("chap-" + mode + ".secret");
        Files.writeString(f, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    /** Issue 17: the tgt client hides its discovery guard account, so an agent of that name could not see itself. */
    @Test
    void theDiscoveryGuardsUserNameIsRefused() {
        Outcome o = run(agent, env("username", "tgtha-discovery-guard", "password", SECRET), "validate-all");
        assertThat(o.rc()).isEqualTo(6);
        assertThat(o.stderr()).contains("username").contains("reserved");
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

    @ParameterizedTest(name = "mode {0} -> rc {1}")
    @CsvSource({"rw-------, 0", "r--------, 0", "rw-r-----, 6", "rw----r--, 6", "rw--w----, 6", "rw-rw-rw-, 6"})
    void aPasswordFileMustNotBeAccessibleByGroupOrOthers(String mode, int rc) throws Exception {
        Path f = secretFile(SECRET + "\n", mode);
        Outcome o = run(agent, env("username", "shared", "password_file", f.toString()), "validate-all");
        assertThat(o.rc()).as(o.stderr()).isEqualTo(rc);
        if (rc != 0) {
            assertThat(o.stderr()).contains("is accessible by group or others").contains("chmod 600");
        }
        assertThat(o.all()).doesNotContain(SECRET);
    }

    @Test
    void startWithAnOpenPasswordFileCreatesNothing() throws Exception {
        Path f = secretFile(SECRET, "rw-r--r--");
        assertThat(run(agent, env("username", "shared", "password_file", f.toString()), "start").rc()).isEqualTo(6);
        assertThat(tgt.secrets).isEmpty();
    }

    @Test
    void exactlyOneTrailingNewlineIsStripped() throws Exception {
        Path f = secretFile(SECRET + "\n", "rw-------");
        assertThat(run(agent, env("username", "a", "password_file", f.toString()), "start").rc()).isZero();
        assertThat(tgt.secrets).containsEntry("a", SECRET);
        Path crlf = dir.resolve("crlf");
        Files.writeString(crlf, SECRET + "\r\n");
        Files.setPosixFilePermissions(crlf, PosixFilePermissions.fromString("r--------"));
        assertThat(run(agent, env("username", "b", "password_file", crlf.toString()), "start").rc()).isZero();
        assertThat(tgt.secrets).containsEntry("b", SECRET);
    }

    @Test
    void twoNewlinesOrTwoLinesOrAnEmptyFileAreRejected() throws Exception {
        for (String content : new String[] {SECRET + "\n\n", SECRET + "\nsecond", "", "\n"}) {
            Path f = dir.resolve("f" + content.length());
            Files.writeString(f, content);
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
            Outcome o = run(agent, env("username", "shared", "password_file", f.toString()), "validate-all");
            assertThat(o.rc()).as("content of length %d", content.length()).isEqualTo(6);
            assertThat(o.all()).doesNotContain(SECRET);
        }
    }

    @Test
    void aRelativePasswordFileOrADirectoryIsNotConfigured() {
        assertThat(run(agent, env("username", "s", "password_file", "chap.secret"), "validate-all").rc()).isEqualTo(6);
        Outcome o = run(agent, env("username", "s", "password_file", dir.toString()), "validate-all");
        assertThat(o.rc()).isEqualTo(6);
        assertThat(o.stderr()).contains("is not a regular file");
    }

    @Test
    void aPasswordLongerThanTgtdsBufferIsRejectedWithoutEchoingIt() {
        String longOne = "x".repeat(256);
        Outcome o = run(agent, env("username", "s", "password", longOne), "validate-all");
        assertThat(o.rc()).isEqualTo(6);
        assertThat(o.stderr()).contains("longer than 255 bytes").doesNotContain(longOne);
        assertThat(run(agent, env("username", "s", "password", "x".repeat(255)), "validate-all").rc()).isZero();
    }

    @Test
    void aShortSecretIsAcceptedWithAWarning() {
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
