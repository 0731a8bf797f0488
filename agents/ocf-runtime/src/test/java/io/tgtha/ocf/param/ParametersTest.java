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
