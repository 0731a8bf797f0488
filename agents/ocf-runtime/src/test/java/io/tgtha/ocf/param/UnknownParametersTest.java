// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.param;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgtha.ocf.OcfEnvironment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator-safety issue: allowed_intiators=10.0.0.5 was ignored without a word and the ACL became ALL. */
class UnknownParametersTest {
    static final List<ParameterSpec> DECLARED = List.of(
            ParameterSpec.string("iqn").required().shortdesc("x").build(),
            ParameterSpec.string("allowed_initiators").shortdesc("x").build(),
            ParameterSpec.string("incoming_username").shortdesc("x").build());

    static List<String> warnings(Map<String, String> reskeys, Map<String, String> ignored) {
        Map<String, String> env = new java.util.HashMap<>();
        reskeys.forEach((k, v) -> env.put("OCF_RESKEY_" + k, v));
        return UnknownParameters.warnings(new OcfEnvironment(env), DECLARED, ignored);
    }

    @Test
    void aTypoIsNamedWithTheParameterItMeant() {
        assertThat(warnings(Map.of("iqn", "iqn.x", "allowed_intiators", "10.0.0.5"), Map.of()))
                .containsExactly("unknown parameter 'allowed_intiators' is ignored (did you mean allowed_initiators?)");
    }

    @Test
    void somethingFarFromEveryNameGetsNoGuess() {
        assertThat(warnings(Map.of("colour", "blue"), Map.of())).containsExactly("unknown parameter 'colour' is ignored");
    }

    @Test
    void pacemakersOwnAndTracingParametersAreNotWarnedAbout() {
        assertThat(warnings(Map.of("CRM_meta_timeout", "20000", "CRM_meta_interval", "0", "trace_ra", "1",
                "iqn", "x"), Map.of())).isEmpty();
    }

    @Test
    void aStockParameterThatMeansNothingHereIsNamedAsIgnoredWithWhy() {
        assertThat(warnings(Map.of("iser_portals", "10.0.0.1"), Map.of("iser_portals", "LIO-only")))
                .containsExactly("parameter 'iser_portals' is ignored: LIO-only");
    }

    @Test
    void distanceCountsEditsAndSwaps() {
        assertThat(UnknownParameters.distance("allowed_intiators", "allowed_initiators")).isEqualTo(1);
        assertThat(UnknownParameters.distance("abc", "acb")).isEqualTo(1);
        assertThat(UnknownParameters.distance("", "abc")).isEqualTo(3);
    }
}
