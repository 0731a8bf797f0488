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

    /** The regular expression parseTime replaced; the loop must accept and read exactly what it did. */
    private static final java.util.regex.Pattern OLD_TIME =
            java.util.regex.Pattern.compile("(\\d+)\\s*(ms|msec|s|sec|m|min|h|hr)?");

    @Test
    void timeParsingAcceptsExactlyWhatTheOldRegularExpressionDid() {
        String[] inputs = {"30", "30s", "30 s", " 30s ", "500ms", "500 msec", "2m", "2min", "1h", "1hr", "1 hr",
            "10\tsec", "10\n s", "s", "", " ", "-5s", "5 x", "5ss", "5S", "5 mins", "1.5s", "007", "5m s",
            "99999999999999999999", "12 ms ", "\u000b5s", "٣s"};
        for (String in : inputs) {
            java.util.regex.Matcher m = OLD_TIME.matcher(in.trim());
            if (!m.matches()) {
                assertThatThrownBy(() -> Parameters.parseTime("t", in)).as("'%s'", in).isInstanceOf(OcfException.class);
                continue;
            }
            Duration expected;
            try {
                long n = Long.parseLong(m.group(1));
                String unit = m.group(2) == null ? "s" : m.group(2);
                expected = switch (unit) {
                    case "ms", "msec" -> Duration.ofMillis(n);
                    case "m", "min" -> Duration.ofMinutes(n);
                    case "h", "hr" -> Duration.ofHours(n);
                    default -> Duration.ofSeconds(n);
                };
            } catch (NumberFormatException e) {
                assertThatThrownBy(() -> Parameters.parseTime("t", in)).as("'%s'", in)
                        .isInstanceOf(OcfException.class).hasMessageContaining("out of range");
                continue;
            }
            assertThat(Parameters.parseTime("t", in)).as("'%s'", in).isEqualTo(expected);
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
