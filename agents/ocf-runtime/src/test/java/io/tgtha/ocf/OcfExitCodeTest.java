// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each constant has the number the OCF resource agent API gives it, whatever the order of the constants. */
class OcfExitCodeTest {
    @Test
    void everyConstantHasItsOcfNumber() {
        Map<String, Integer> actual = new LinkedHashMap<>();
        for (OcfExitCode c : OcfExitCode.values()) {
            actual.put(c.name(), c.code());
        }
        assertThat(actual).containsExactlyInAnyOrderEntriesOf(Map.of(
                "SUCCESS", 0, "ERR_GENERIC", 1, "ERR_ARGS", 2, "ERR_UNIMPLEMENTED", 3, "ERR_PERM", 4,
                "ERR_INSTALLED", 5, "ERR_CONFIGURED", 6, "NOT_RUNNING", 7, "RUNNING_PROMOTED", 8,
                "FAILED_PROMOTED", 9));
    }
}
