// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17: hold notes and portblock's "started" marks were written with the caller's umask (0644 from a
 * root shell), through a predictable temporary name, following symbolic links.
 */
class StateFilesFollowedTheUmaskAndLinksTest {
    @TempDir
    Path dir;

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void aNewStateFileIsOwnerOnlyInAnOwnerOnlyDirectory() throws Exception {
        Path file = dir.resolve("offline").resolve("iqn.x+operator.hold");
        StateFile.write(file, "operator drained\n");
        assertThat(Files.readString(file)).isEqualTo("operator drained\n");
        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(mode(file.getParent())).isEqualTo("rwx------");
        try (var left = Files.list(file.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("iqn.x+operator.hold");
        }
    }

    @Test
    void aSymbolicLinkInPlaceOfTheFileIsReplacedNotFollowed() throws Exception {
        Path victim = dir.resolve("victim");
        Files.writeString(victim, "precious\n");
        Path file = dir.resolve("mark.active");
        Files.createSymbolicLink(file, victim);
        StateFile.write(file, "123\n");
        assertThat(Files.isSymbolicLink(file)).isFalse();
        assertThat(Files.readString(file)).isEqualTo("123\n");
        assertThat(Files.readString(victim)).isEqualTo("precious\n");
    }

    @Test
    void aDirectoryOthersCanWriteIsRefused() throws Exception {
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> StateFile.write(open.resolve("x.hold"), "x\n")).isInstanceOf(IOException.class)
                .hasMessageContaining("unsafe state directory");
        assertThat(Files.exists(open.resolve("x.hold"))).isFalse();
    }

    @Test
    void anExistingFileLeftReadableIsReplacedByAnOwnerOnlyOne() throws Exception {
        Path file = dir.resolve("old.hold");
        Files.writeString(file, "old\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        StateFile.write(file, "new\n");
        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(Files.readString(file)).isEqualTo("new\n");
    }
}
