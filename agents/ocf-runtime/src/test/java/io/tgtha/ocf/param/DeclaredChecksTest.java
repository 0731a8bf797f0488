// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.param;

import io.tgtha.ocf.OcfEnvironment;
import io.tgtha.ocf.OcfException;
import io.tgtha.ocf.OcfExitCode;
import io.tgtha.ocf.log.OcfLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The checks an agent declares with a parameter: each refusal is rc 6 and names the parameter and the rule. */
class DeclaredChecksTest {
    private static final List<ParameterSpec> SPECS = List.of(
            ParameterSpec.integer("tid").atLeast(1).shortdesc("tid").build(),
            ParameterSpec.integer("port").range(0, Short.MAX_VALUE, "a short int in tgtd").shortdesc("p").build(),
            ParameterSpec.integer("plain").shortdesc("any int").build(),
            ParameterSpec.string("kind").oneOf("tgt", "lio").shortdesc("kind").build(),
            ParameterSpec.string("dir").absolutePath().shortdesc("dir").build(),
            ParameterSpec.string("file").regularFile().shortdesc("file").build(),
            ParameterSpec.string("even").check(ValueCheck.parsedBy(DeclaredChecksTest::even)).shortdesc("even").build(),
            ParameterSpec.string("hosts").check(ValueCheck.words(ValueCheck.matching("[a-z]+", "is not a host name")))
                    .shortdesc("hosts").build());

    private static void validate(String name, String value) {
        OcfEnvironment e = new OcfEnvironment(Map.of("OCF_RESKEY_" + name, value));
        Parameters.read(SPECS, e, new OcfLog(e, "t", new PrintStream(new ByteArrayOutputStream()))).validate();
    }

    private static void refused(String name, String value, String message) {
        assertThatThrownBy(() -> validate(name, value)).as("%s=%s", name, value)
                .isInstanceOf(OcfException.class).hasMessage(message)
                .extracting(ex -> ((OcfException) ex).exitCode()).isEqualTo(OcfExitCode.ERR_CONFIGURED);
    }

    @Test
    void anIntegerTooLargeForAnIntIsOutOfRangeNotANonInteger() {
        refused("tid", "99999999999999999999",
                "parameter 'tid' '99999999999999999999': out of range, must be from 1 to 2147483647");
        refused("plain", "-99999999999999999999",
                "parameter 'plain' '-99999999999999999999': out of range, must be from -2147483648 to 2147483647");
        refused("tid", "0", "parameter 'tid' '0': out of range, must be from 1 to 2147483647");
        refused("port", "32768", "parameter 'port' '32768': out of range, must be from 0 to 32767 (a short int in tgtd)");
        refused("tid", "1x", "parameter 'tid' must be an integer, got '1x'");
        assertThatCode(() -> validate("tid", " 2147483647 ")).doesNotThrowAnyException();
        assertThatCode(() -> validate("port", "0")).doesNotThrowAnyException();
    }

    @Test
    void oneOfNamesTheAllowedValues() {
        refused("kind", "iet", "parameter 'kind' 'iet': must be one of tgt, lio");
        assertThatCode(() -> validate("kind", "lio")).doesNotThrowAnyException();
    }

    @Test
    void pathsMustBeAbsoluteAndFilesRegular(@TempDir Path dir) throws IOException {
        refused("dir", "etc/tgt", "parameter 'dir' 'etc/tgt': must be an absolute path");
        refused("dir", "/etc/../root", "parameter 'dir' '/etc/../root': must not contain '..'");
        refused("file", dir.toString(), "parameter 'file' '" + dir + "': is not a regular file");
        refused("file", dir + "/absent", "parameter 'file' '" + dir + "/absent': does not exist");
        Path file = Files.writeString(dir.resolve("f"), "x");
        assertThatCode(() -> validate("file", file.toString())).doesNotThrowAnyException();
    }

    @Test
    void aListNamesTheWordItRefuses() {
        refused("hosts", "alpha b3ta gamma", "parameter 'hosts' 'alpha b3ta gamma': 'b3ta' is not a host name");
        assertThatCode(() -> validate("hosts", " alpha  beta ")).doesNotThrowAnyException();
    }

    private static int even(String text) {
        int n = Integer.parseInt(text.trim());
        if (n % 2 != 0) {
            throw new IllegalArgumentException(n + " is odd");
        }
        return n;
    }

    @Test
    void aParsedValueIsRefusedWithTheParsersReason() {
        refused("even", "3", "parameter 'even' '3': 3 is odd");
        assertThatCode(() -> validate("even", " 4 ")).doesNotThrowAnyException();
    }

    @Test
    void aRangeBelongsToIntegers() {
        assertThatThrownBy(() -> ParameterSpec.string("s").range(1, 2)).isInstanceOf(IllegalStateException.class);
        assertThat(ParameterSpec.integer("i").shortdesc("i").build().range()).isEqualTo(IntegerRange.ANY_INT);
    }
}
