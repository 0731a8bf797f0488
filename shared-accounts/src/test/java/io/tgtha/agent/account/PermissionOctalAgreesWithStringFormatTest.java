package io.tgtha.agent.account;

import org.junit.jupiter.api.Test;

import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mode in "chmod 600 it" messages is built without String.format (its Formatter loads
 * java.util.regex in a JVM that lives 50 ms): every one of the 512 modes must read as "%03o" did.
 */
class PermissionOctalAgreesWithStringFormatTest {
    @Test
    void everyModeReadsAsPercentZeroThreeO() {
        for (int mode = 0; mode < 512; mode++) {
            Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
            for (PosixFilePermission p : PosixFilePermission.values()) {
                if ((mode & (1 << (8 - p.ordinal()))) != 0) {
                    perms.add(p);
                }
            }
            assertThat(PasswordSource.octal(perms)).as("mode %d", mode).isEqualTo(String.format("%03o", mode));
        }
    }

    @Test
    void theUsualModesReadAsChmodWritesThem() {
        assertThat(PasswordSource.octal(EnumSet.noneOf(PosixFilePermission.class))).isEqualTo("000");
        assertThat(PasswordSource.octal(EnumSet.of(PosixFilePermission.GROUP_READ))).isEqualTo("040");
        assertThat(PasswordSource.octal(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ))).isEqualTo("644");
        assertThat(PasswordSource.octal(EnumSet.allOf(PosixFilePermission.class))).isEqualTo("777");
    }
}
