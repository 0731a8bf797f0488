// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.param;

import io.tgtha.ocf.OcfEnvironment;
import io.tgtha.ocf.OcfException;
import io.tgtha.ocf.OcfExitCode;
import io.tgtha.ocf.log.OcfLog;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParametersTest {

    /** Times as Pacemaker writes them: digits, optional whitespace, an optional unit; none means seconds. */
    @Test
    void timesReadAsPacemakerWritesThem() {
        Map<String, Duration> good = Map.ofEntries(Map.entry("30", Duration.ofSeconds(30)),
                Map.entry("30s", Duration.ofSeconds(30)), Map.entry(" 30 s ", Duration.ofSeconds(30)),
                Map.entry("500ms", Duration.ofMillis(500)), Map.entry("500 msec", Duration.ofMillis(500)),
                Map.entry("2m", Duration.ofMinutes(2)), Map.entry("2min", Duration.ofMinutes(2)),
                Map.entry("1hr", Duration.ofHours(1)), Map.entry("1 h", Duration.ofHours(1)),
                Map.entry("10\tsec", Duration.ofSeconds(10)), Map.entry("10\n s", Duration.ofSeconds(10)),
                Map.entry("007", Duration.ofSeconds(7)));
        good.forEach((in, expected) -> assertThat(Parameters.parseTime("t", in)).as("'%s'", in).isEqualTo(expected));
        for (String bad : List.of("s", "", " ", "-5s", "5 x", "5ss", "5S", "5 mins", "1.5s", "5m s", "\u0663s")) {
            assertThatThrownBy(() -> Parameters.parseTime("t", bad)).as("'%s'", bad).isInstanceOf(OcfException.class)
                    .hasMessageContaining("must be a time");
        }
        for (String huge : List.of("99999999999999999999", "9999999999999999h")) {
            assertThatThrownBy(() -> Parameters.parseTime("t", huge)).as("'%s'", huge).isInstanceOf(OcfException.class)
                    .hasMessageContaining("out of range");
        }
    }

    private static final List<ParameterSpec> SPECS = List.of(
            ParameterSpec.string("allowed_initiators").defaultValue("").shortdesc("ACL").build(),
            ParameterSpec.integer("tid").shortdesc("tid").build(),
            ParameterSpec.bool("readonly").defaultValue("false").shortdesc("ro").build(),
            ParameterSpec.time("wait").defaultValue("5s").shortdesc("wait").build(),
            ParameterSpec.string("portno").check(v -> v.matches("[0-9]+") ? Optional.empty()
                    : Optional.of("must be a port number")).shortdesc("port").build(),
            ParameterSpec.string("password").secret().check(v -> v.length() >= 12 ? Optional.empty()
                    : Optional.of("must have at least 12 characters")).shortdesc("pw").build());

    private static Parameters read(Map<String, String> env) {
        OcfEnvironment e = new OcfEnvironment(env);
        return Parameters.read(SPECS, e, new OcfLog(e, "t", new PrintStream(new ByteArrayOutputStream())));
    }

    /** The stock iSCSITarget bug: an empty default made "unset" mean "deny everyone". Here the states differ. */
    @Test
    void unsetAndEmptyAreDistinct() {
        assertThat(read(Map.of()).lookup("allowed_initiators").isUnset()).isTrue();
        ParameterValue empty = read(Map.of("OCF_RESKEY_allowed_initiators", "")).lookup("allowed_initiators");
        assertThat(empty.isEmpty()).isTrue();
        assertThat(empty.isUnset()).isFalse();
        assertThat(read(Map.of("OCF_RESKEY_allowed_initiators", "iqn.x")).lookup("allowed_initiators").value())
                .contains("iqn.x");
    }

    @Test
    void defaultsApplyOnlyWhenUnset() {
        assertThat(read(Map.of()).effective("wait")).contains("5s");
        assertThat(read(Map.of("OCF_RESKEY_wait", "")).effective("wait")).contains("");
        assertThat(read(Map.of()).optionalTime("wait")).contains(Duration.ofSeconds(5));
        assertThat(read(Map.of("OCF_RESKEY_wait", "250ms")).optionalTime("wait")).contains(Duration.ofMillis(250));
    }

    @Test
    void pacemakerBooleanSpellings() {
        for (String t : List.of("yes", "true", "1", "on", "YES", "True")) {
            assertThat(read(Map.of("OCF_RESKEY_readonly", t)).bool("readonly")).as(t).isTrue();
        }
        for (String f : List.of("no", "false", "0", "off")) {
            assertThat(read(Map.of("OCF_RESKEY_readonly", f)).bool("readonly")).as(f).isFalse();
        }
    }

    @Test
    void badIntegerIsNotConfiguredWithTheValueShown() {
        assertThatThrownBy(() -> read(Map.of("OCF_RESKEY_tid", "12a")).validate())
                .isInstanceOf(OcfException.class)
                .hasMessage("parameter 'tid' must be an integer, got '12a'")
                .extracting(e -> ((OcfException) e).exitCode()).isEqualTo(OcfExitCode.ERR_CONFIGURED);
    }

    @Test
    void customCheckNamesParameterAndProblem() {
        assertThatThrownBy(() -> read(Map.of("OCF_RESKEY_portno", "http")).validate())
                .hasMessage("parameter 'portno' 'http': must be a port number");
    }

    @Test
    void aSecretsValueIsNeverInTheMessage() {
        assertThatThrownBy(() -> read(Map.of("OCF_RESKEY_password", "short-pw")).validate())
                .hasMessage("parameter 'password': must have at least 12 characters")
                .hasMessageNotContaining("short-pw");
    }

    @Test
    void controlCharactersAreRejected() {
        assertThatThrownBy(() -> read(Map.of("OCF_RESKEY_portno", "32\n60")).validate())
                .hasMessage("parameter 'portno' contains a control character");
    }

    @Test
    void undeclaredParameterIsAProgrammingError() {
        assertThatThrownBy(() -> read(Map.of()).lookup("nope")).isInstanceOf(IllegalArgumentException.class);
    }
}
