// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.iscsitarget;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgtha.testkit.ExecResult;
import io.tgtha.testkit.IscsiUrl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/**
 * Issue 13.6: a target started with {@code incoming_password_file} creates its account with the file's
 * secret (one trailing newline trimmed), and a real libiscsi initiator ({@code iscsi-ls}, CHAP through
 * LIBISCSI_CHAP_USERNAME/PASSWORD) logs in with that secret and is refused with any other.
 */
class IncomingPasswordFileLabTest {
    static final String SECRET = "File-Secret-90ab12";

    @Test
    void aTargetStartedWithIncomingPasswordFileAdmitsThatSecretOnly() throws Exception {
        AgentLab.require();
        try (AgentLab lab = AgentLab.start("t")) {
            String iqn = "iqn.2026-01.io.tgtha:lab.pwfile";
            Path secret = Files.createTempFile("incoming-", ".secret",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.writeString(secret, SECRET + "\n");
                var target = lab.target(iqn).param("incoming_username", "fileuser")
                        .param("incoming_password_file", secret.toString());
                var start = target.run("start");
                assertThat(start.rc()).as(start.toString()).isZero();
                assertThat(start.stderr()).doesNotContain(SECRET);
                assertThat(lab.client().accounts()).contains("fileuser");
                var lun = lab.lun("p_lun_pwfile", iqn, 1, lab.backingFile("pwfile.img", 8));
                assertThat(lun.run("start").rc()).isZero();
                try {
                    IscsiUrl portal = IscsiUrl.portal(lab.targetIp());
                    ExecResult right = lab.initiator().ls(portal.withChap("fileuser", SECRET), AgentLab.T);
                    assertThat(right.exitCode()).as(right.describe()).isZero();
                    assertThat(right.stdout()).as(right.describe()).contains(iqn).contains("Lun:1");

                    ExecResult wrong = lab.initiator().ls(portal.withChap("fileuser", SECRET + "x"), AgentLab.T);
                    assertThat(wrong.stdout()).as(wrong.describe()).doesNotContain("Lun:1");
                    assertThat(wrong.exitCode()).as(wrong.describe()).isNotZero();
                } finally {
                    assertThat(lun.run("stop").rc()).isZero();
                    assertThat(target.run("stop").rc()).isZero();
                }
                assertThat(lab.client().accounts()).doesNotContain("fileuser");
            } finally {
                Files.deleteIfExists(secret);
            }
        }
    }
}
