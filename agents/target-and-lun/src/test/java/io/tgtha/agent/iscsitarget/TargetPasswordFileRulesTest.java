// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.iscsitarget;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 13.6: {@code incoming_password_file} and {@code outgoing_password_file}. The rules a password file must obey
 * are the runtime's ({@code SecretSourceTest}, shared with the account agent's {@code password_file}); here, what the
 * target agent makes of them: each file's secret reaches its account, a broken rule is rc 6 naming that parameter
 * (a missing file rc 5), never the secret, and start then creates no account; a password and its file both set is
 * rc 6 naming both; stop and monitor never read the files.
 */
class TargetPasswordFileRulesTest {
    static final String SECRET = "Target-Secret-4711";
    static final String IQN = "iqn.2026-01.io.tgtha:secrets";

    @TempDir
    Path dir;

    FakeTgt tgt = new FakeTgt();

    AgentCall call() {
        return new AgentCall(new TargetAgent(tgt, new TgtConfigFiles(dir), dir.resolve("locks"))).param("iqn", IQN);
    }

    AgentCall incoming(Path file) {
        return call().param("incoming_username", "legacy").param("incoming_password_file", file.toString());
    }

    Path secretFile(String name, String content, String mode) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    private AgentCall.Result refused(AgentCall call, String parameter, String reason) {
        var r = call.run("validate-all");
        assertThat(r.rc()).as(r.toString()).isEqualTo(6);
        assertThat(r.stderr()).contains("parameter '" + parameter + "'").contains(reason).doesNotContain(SECRET);
        var start = call.run("start");
        assertThat(start.rc()).as(start.toString()).isEqualTo(6);
        assertThat(start.stderr()).doesNotContain(SECRET);
        assertThat(tgt.accounts()).isEmpty();
        return r;
    }

    @Test
    void theFileIsReadWithOneTrailingNewlineTrimmed() throws Exception {
        Path f = secretFile("in.secret", SECRET + "\n", "rw-------");
        var r = incoming(f).run("start");
        assertThat(r.rc()).as(r.toString()).isZero();
        assertThat(tgt.passwordOf("legacy")).isEqualTo(SECRET);
        assertThat(r.stderr()).doesNotContain(SECRET);
    }

    @Test
    void theOutgoingFileIsReadToo() throws Exception {
        Path f = secretFile("out.secret", SECRET + "-out\r\n", "r--------");
        var r = call().param("outgoing_username", "mutual").param("outgoing_password_file", f.toString()).run("start");
        assertThat(r.rc()).as(r.toString()).isZero();
        assertThat(tgt.passwordOf("mutual")).isEqualTo(SECRET + "-out");
    }

    @ParameterizedTest
    @ValueSource(strings = {"incoming", "outgoing"})
    void aFileBreakingARuleIsRc6NamingItsParameter(String direction) throws Exception {
        Path f = secretFile(direction + ".secret", SECRET + "\n", "rw-r-----");
        refused(call().param(direction + "_username", "user1").param(direction + "_password_file", f.toString()),
                direction + "_password_file", "is accessible by group or others");
    }

    @Test
    void aMissingFileIsNotInstalledOnThisNode() {
        var r = incoming(dir.resolve("absent")).run("validate-all");
        assertThat(r.rc()).as(r.toString()).isEqualTo(5);
        assertThat(r.stderr()).contains("parameter 'incoming_password_file'").contains("does not exist on this node");
    }

    @ParameterizedTest
    @ValueSource(strings = {"incoming", "outgoing"})
    void bothThePasswordAndItsFileAreAConfigurationErrorNamingBoth(String direction) throws Exception {
        Path f = secretFile(direction + ".secret", SECRET, "rw-------");
        var r = call().param(direction + "_username", "user1").param(direction + "_password", SECRET)
                .param(direction + "_password_file", f.toString()).run("validate-all");
        assertThat(r.rc()).as(r.toString()).isEqualTo(6);
        assertThat(r.stderr()).contains("'" + direction + "_password'").contains("'" + direction + "_password_file'")
                .doesNotContain(SECRET);
    }

    @Test
    void aFileWithoutItsUsernameNamesTheFileParameter() throws Exception {
        Path f = secretFile("out.secret", SECRET, "rw-------");
        var r = call().param("outgoing_password_file", f.toString()).run("validate-all");
        assertThat(r.rc()).as(r.toString()).isEqualTo(6);
        assertThat(r.stderr()).contains("outgoing_password_file is set but outgoing_username is not");
    }

    /** Stop and monitor never read the file: a file gone from this node does not fail them. */
    @Test
    void stopAndMonitorDoNotNeedTheFile() {
        AgentCall c = incoming(dir.resolve("absent"));
        assertThat(c.run("monitor").rc()).isEqualTo(7);
        assertThat(c.run("stop").rc()).isZero();
    }

    @Test
    void metaDataListsBothFileParameters() {
        var r = call().run("meta-data");
        assertThat(r.stdout()).contains("<parameter name=\"incoming_password_file\"")
                .contains("<parameter name=\"outgoing_password_file\"");
    }
}
