// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17: the account-slot lock file was created with the caller's umask (0644 from a root shell) and
 * opened through symbolic links, so any local user could open it and hold an fcntl lock on it forever:
 * every account change would then time out. The same checks as FileMutexTest, for tgt-client's own lock.
 */
class AccountSlotLockFileOthersCouldHoldTest {
    @TempDir
    Path dir;

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static int lockOnce(Path file) {
        return new AccountSlotLock(file).withLock(Duration.ofSeconds(2), "test", () -> 1);
    }

    @Test
    void aNewLockFileIsOwnerOnlyWhateverTheUmask() throws Exception {
        Path file = dir.resolve("locks").resolve("slots.lock");
        lockOnce(file);
        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(mode(file.getParent())).isEqualTo("rwxr-xr-x");
    }

    @Test
    void aReadableLockFileLeftByAnOlderInstallIsMadeOwnerOnly() throws Exception {
        Path file = dir.resolve("slots.lock");
        Files.writeString(file, "");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        lockOnce(file);
        assertThat(mode(file)).isEqualTo("rw-------");
    }

    @Test
    void aSymbolicLinkInPlaceOfTheLockFileIsNeverFollowed() throws Exception {
        Path victim = dir.resolve("victim");
        Files.writeString(victim, "precious\n");
        Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-r--r--"));
        Files.createSymbolicLink(dir.resolve("slots.lock"), victim);
        assertThatThrownBy(() -> lockOnce(dir.resolve("slots.lock"))).isInstanceOf(TgtProtocolException.class)
                .hasMessageContaining("cannot use lock file");
        assertThat(Files.readString(victim)).isEqualTo("precious\n");
        assertThat(mode(victim)).isEqualTo("rw-r--r--");
    }

    @Test
    void aLockDirectoryOthersCanWriteIsRefused() throws Exception {
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> lockOnce(open.resolve("slots.lock"))).isInstanceOf(TgtProtocolException.class)
                .hasMessageContaining("unsafe lock directory");
    }

    @Test
    void aLocalUserCannotOpenTheLockFileToHoldIt() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path file = dir.resolve("slots.lock");
        lockOnce(file);
        Process p = new ProcessBuilder("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                "python3", "-c", "import fcntl,sys; f=open(sys.argv[1]); fcntl.lockf(f, fcntl.LOCK_SH)",
                file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isNotZero();
        assertThat(out).contains("Permission denied");
    }
}
