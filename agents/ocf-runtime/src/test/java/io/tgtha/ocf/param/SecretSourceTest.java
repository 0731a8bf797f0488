// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.param;

import io.tgtha.ocf.OcfEnvironment;
import io.tgtha.ocf.OcfException;
import io.tgtha.ocf.OcfExitCode;
import io.tgtha.ocf.log.OcfLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Where a CHAP secret may come from, on real files: a password file is a regular file, not a symbolic link, owned by
 * root (or the user the agent runs as), neither readable nor writable by group or others, at most 4096 bytes; the
 * secret (file or inline) is one line of UTF-8, 1 to 255 bytes, one trailing newline trimmed. A broken rule is rc 6
 * (a missing file rc 5) with a message that names the parameter and never the secret. The agents that take secrets
 * (account, target) test only what is theirs: their parameter names and that the rc reaches Pacemaker.
 */
class SecretSourceTest {
    static final String SECRET = "Source-Secret-4711";

    private static final List<ParameterSpec> SPECS = List.of(
            ParameterSpec.string("password").secret().shortdesc("pw").build(),
            ParameterSpec.string("password_file").shortdesc("pw file").build());

    @TempDir
    Path dir;

    private static Optional<SecretSource> source(String... kv) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            env.put("OCF_RESKEY_" + kv[i], kv[i + 1]);
        }
        OcfEnvironment e = new OcfEnvironment(env);
        Parameters params = Parameters.read(SPECS, e, new OcfLog(e, "t", new PrintStream(new ByteArrayOutputStream())));
        return SecretSource.of(params, "password", "password_file");
    }

    private static String read(Path file) {
        SecretSource s = source("password_file", file.toString()).orElseThrow();
        assertThat(s.parameter()).isEqualTo("password_file");
        return s.read().reveal();
    }

    private Path file(String name, String content, String mode) throws Exception {
        return file(name, content.getBytes(StandardCharsets.UTF_8), mode);
    }

    private Path file(String name, byte[] content, String mode) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, content);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    /** Reading {@code file} is refused with {@code rc}, naming the parameter and the path, never the secret. */
    private static String refused(Path file, OcfExitCode rc, String reason) {
        OcfException e = catchThrowableOfType(OcfException.class, () -> read(file));
        assertThat(e).as("%s: %s", file, reason).isNotNull();
        assertThat(e.exitCode()).as(e.getMessage()).isEqualTo(rc);
        assertThat(e.getMessage()).startsWith("parameter 'password_file' '" + file + "': ").contains(reason)
                .doesNotContain(SECRET);
        return e.getMessage();
    }

    private static void refusedInline(String password, String reason) {
        OcfException e = catchThrowableOfType(OcfException.class,
                () -> source("password", password).orElseThrow().read());
        assertThat(e).as(reason).isNotNull();
        assertThat(e.exitCode()).isEqualTo(OcfExitCode.ERR_CONFIGURED);
        assertThat(e.getMessage()).startsWith("parameter 'password': ").contains(reason).doesNotContain(password);
    }

    @Test
    void aPrivateRegularFileIsReadWithOneTrailingLineEndTrimmed() throws Exception {
        assertThat(read(file("lf", SECRET + "\n", "rw-------"))).isEqualTo(SECRET);
        assertThat(read(file("crlf", SECRET + "\r\n", "r--------"))).isEqualTo(SECRET);
        assertThat(read(file("bare", SECRET, "rw-------"))).isEqualTo(SECRET);
        assertThat(read(file("utf8", "Grüße-" + SECRET + "\n", "rw-------"))).isEqualTo("Grüße-" + SECRET);
    }

    @Test
    void aSymbolicLinkIsRefusedEvenToAGoodFile() throws Exception {
        Path real = file("real", SECRET + "\n", "rw-------");
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        refused(link, OcfExitCode.ERR_CONFIGURED, "is a symbolic link: name the file itself");
        assertThat(read(real)).isEqualTo(SECRET);
    }

    @Test
    void aDirectoryIsNotARegularFile() throws Exception {
        Path d = Files.createDirectory(dir.resolve("d"));
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx------"));
        refused(d, OcfExitCode.ERR_CONFIGURED, "is not a regular file");
    }

    @Test
    void aFileOwnedBySomeoneElseIsRefused() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "chown needs root");
        Path f = file("nobody", SECRET + "\n", "rw-------");
        Files.setOwner(f, f.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        assertThat(refused(f, OcfExitCode.ERR_CONFIGURED, "is owned by nobody (uid "))
                .contains("not root: chown root it");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rw-r-----", "rw----r--", "rw--w----", "rw-----w-", "rw-rw-rw-", "r--r--r--"})
    void aFileGroupOrOthersMayReadOrWriteIsRefusedWithItsModeAsChmodWritesIt(String mode) throws Exception {
        Path f = file("open", SECRET + "\n", mode);
        String octal = SecretSource.octal(PosixFilePermissions.fromString(mode));
        assertThat(refused(f, OcfExitCode.ERR_CONFIGURED, "is accessible by group or others (mode " + octal + ")"))
                .contains("chmod 600");
    }

    /** Only reading and writing by group or others is refused: execute bits give nobody the secret. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rw-------", "r--------", "rwx------", "rw---x--x"})
    void ownerOnlyAccessIsEnough(String mode) throws Exception {
        assertThat(read(file("private", SECRET + "\n", mode))).isEqualTo(SECRET);
    }

    @Test
    void aFileOfMoreThan4096BytesIsRefusedAndOneOf4096IsJudgedByItsContent() throws Exception {
        refused(file("big", SECRET + "\n" + "x".repeat(4096 - SECRET.length()), "rw-------"),
                OcfExitCode.ERR_CONFIGURED, "is larger than 4096 bytes; it must hold only the CHAP secret");
        Path limit = file("limit", "x".repeat(4096), "rw-------");
        assertThat(Files.size(limit)).isEqualTo(SecretSource.MAX_FILE_BYTES);
        refused(limit, OcfExitCode.ERR_CONFIGURED, "the password is longer than 255 bytes");
    }

    /**
     * /proc/PID/environ of a process of ours: our own, mode 0400, reports size 0; with a 6000-byte variable the
     * read stops past the limit, and the refusal echoes none of it.
     */
    @Test
    void aFileThatReportsNoSizeIsReadNoFurtherThanTheLimit() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sleep", "60").redirectErrorStream(true);
        pb.environment().put("FILLER", "q".repeat(6000));
        Process p = pb.start();
        try {
            Path environ = Path.of("/proc", Long.toString(p.pid()), "environ");
            assumeTrue(Files.isReadable(environ), "needs /proc");
            assertThat(Files.size(environ)).isZero();
            assertThat(refused(environ, OcfExitCode.ERR_CONFIGURED, "is larger than 4096 bytes")).doesNotContain("qqqq");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aMissingFileIsNotInstalledOnThisNodeAndOnlyReadingFindsOut() {
        Path absent = dir.resolve("absent");
        SecretSource s = source("password_file", absent.toString()).orElseThrow(); // stop and monitor never read
        assertThat(s.parameter()).isEqualTo("password_file");
        refused(absent, OcfExitCode.ERR_INSTALLED, "does not exist on this node");
    }

    @Test
    void aRelativePathIsAConfigurationError() {
        OcfException e = catchThrowableOfType(OcfException.class, () -> source("password_file", "chap.secret"));
        assertThat(e.exitCode()).isEqualTo(OcfExitCode.ERR_CONFIGURED);
        assertThat(e.getMessage()).isEqualTo("parameter 'password_file' 'chap.secret': must be an absolute path");
    }

    @ParameterizedTest(name = "[{index}]")
    @ValueSource(strings = {"", "\n", "\r\n"})
    void anEmptyFileIsRefused(String content) throws Exception {
        refused(file("empty", content, "rw-------"), OcfExitCode.ERR_CONFIGURED, "the password is empty");
    }

    @ParameterizedTest(name = "[{index}]")
    @ValueSource(strings = {"\n\n", "\nsecond line\n", "\tand-a-tab"})
    void aSecondLineOrAControlCharacterIsRefused(String tail) throws Exception {
        refused(file("lines", SECRET + tail, "rw-------"), OcfExitCode.ERR_CONFIGURED,
                "the password contains a control character or more than one line");
    }

    @Test
    void bytesThatAreNotUtf8AreRefused() throws Exception {
        byte[] latin1 = (SECRET + "-\u00e9").getBytes(StandardCharsets.ISO_8859_1);
        refused(file("latin1", latin1, "rw-------"), OcfExitCode.ERR_CONFIGURED, "the password is not valid UTF-8");
    }

    @Test
    void anInlinePasswordFollowsTheSameContentRules() {
        assertThat(source("password", SECRET).orElseThrow().read().reveal()).isEqualTo(SECRET);
        assertThat(source("password", "x".repeat(255)).orElseThrow().read().reveal()).hasSize(255);
        refusedInline("x".repeat(256), "the password is longer than 255 bytes (tgtd's limit)");
        refusedInline(SECRET + "\nsecond", "more than one line");
    }

    @Test
    void bothSetIsAConfigurationErrorNamingBothAndNeitherIsNoSource() throws Exception {
        Path f = file("both", SECRET + "\n", "rw-------");
        OcfException e = catchThrowableOfType(OcfException.class,
                () -> source("password", SECRET, "password_file", f.toString()));
        assertThat(e.exitCode()).isEqualTo(OcfExitCode.ERR_CONFIGURED);
        assertThat(e.getMessage()).contains("'password' and 'password_file' are both set")
                .contains("either 'password' or 'password_file', not both").doesNotContain(SECRET);
        assertThat(source()).isEmpty();
        assertThat(source("password", "", "password_file", "")).as("set but empty: no source either").isEmpty();
    }
}
