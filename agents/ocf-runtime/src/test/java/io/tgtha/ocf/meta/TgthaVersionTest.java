// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.meta;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TgthaVersionTest {
    @Test
    void isThePomVersion() {
        String pom = System.getProperty("tgtha.projectVersion");
        assertThat(pom).as("surefire passes the POM's version").isNotBlank().doesNotContain("${");
        assertThat(TgthaVersion.current()).isEqualTo(pom);
    }
}
