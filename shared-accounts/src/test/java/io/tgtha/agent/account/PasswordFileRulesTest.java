// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.account;

import static io.tgtha.agent.account.AgentHarness.env;
import static io.tgtha.agent.account.AgentHarness.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tgtha.agent.account.AgentHarness.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17: what {@code password_file} may be. A regular file, not a symbolic link, owned by root (or the
 * user the agent runs as), neither readable nor writable by group or others, at most 4096 bytes; anything
 * else is refused with rc 6 and a reason that names the parameter and never the file's contents, and start
 * then creates nothing.
 */
class PasswordFileRulesTest {
    static final String SECRET = "Rules-Secret-4711";

    @TempDir
    Path dir;
    FakeTgtClient tgt;
    AccountAgent agent;

    @BeforeEach
    void agent() {
        tgt = new FakeTgtClient();
        agent = new AccountAgent(tgt, new PasswordRecords(dir.resolve("records")), dir.resolve("locks"));
    }

    private Path secretFile(String name, String content) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        return f;
    }

    private Outcome refused(Path file, String reason) {
        Outcome o = run(agent, env("username", "shared", "password_file", file.toString()), "validate-all");
        assertThat(o.rc()).as(o.stderr()).isEqualTo(6);
        assertThat(o.stderr()).contains("parameter 'password_file' '" + file + "'").contains(reason);
        assertThat(o.all()).doesNotContain(SECRET);
        Outcome start = run(agent, env("username", "shared", "password_file", file.toString()), "start");
        assertThat(start.rc()).isEqualTo(6);
        assertThat(tgt.secrets).isEmpty();
        return o;
    }

    @Test
    void aSymbolicLinkIsRefusedEvenToAGoodFile() throws Exception {
        Path real = secretFile("real.secret", SECRET + "\n");
        Path link = Files.createSymbolicLink(dir.resolve("link.secret"), real);

        refused(link, "is a symbolic link");
        assertThat(run(agent, env("username", "shared", "password_file", real.toString()), "validate-all").rc())
                .isZero();
    }

    @Test
    void aFileOwnedBySomeoneElseIsRefused() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "chown needs root");
        Path f = secretFile("nobody.secret", SECRET + "\n");
        UserPrincipal nobody = f.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(f, nobody);

        refused(f, "is owned by nobody").stderr().contains("not root");
    }

    @Test
    void aFileLargerThan4KiBIsRefusedWithoutReadingItOut() throws Exception {
        Path big = secretFile("big.secret", SECRET + "\n" + "x".repeat(4096));
        refused(big, "is larger than 4096 bytes");

        Path justFits = secretFile("fits.secret", SECRET + "\n");
        assertThat(Files.size(justFits)).isLessThan(4096);
        assertThat(run(agent, env("username", "shared", "password_file", justFits.toString()), "validate-all").rc())
                .isZero();
    }

    /**
     * /proc/self/environ of the agent's own JVM: root's, mode 0400, reports size 0; given a 6000-byte
     * variable it reads on past the limit, and the refusal echoes none of it.
     */
    @Test
    void aFileThatReportsNoSizeIsReadNoFurtherThanTheLimit() {
        Path environ = Path.of("/proc/self/environ");
        assumeTrue(Files.isReadable(environ) && "root".equals(System.getProperty("user.name")),
                "needs /proc/self/environ owned by root");
        java.util.Map<String, String> e = env("username", "shared", "password_file", environ.toString());
        e.put("FILLER", "q".repeat(6000));
        Outcome o = AgentProcess.run(e, "validate-all");
        assertThat(o.rc()).as(o.stderr()).isEqualTo(6);
        assertThat(o.stderr()).contains("parameter 'password_file' '/proc/self/environ': is larger than 4096 bytes")
                .doesNotContain("qqqq");
    }

    @Test
    void aGroupReadableFileIsRefusedWithItsModeAsChmodWritesIt() throws Exception {
        Path f = secretFile("group.secret", SECRET + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        refused(f, "is accessible by group or others (mode 640)").stderr().contains("chmod 600");
    }
}
