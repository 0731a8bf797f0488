// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.packetfilter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IpPrefixTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "10.231.2.1|10.231.2.1/32|IPV4",
            "10.231.2.77/24|10.231.2.0/24|IPV4",
            "0.0.0.0/0|0.0.0.0/0|IPV4",
            "FD00::1|fd00::1/128|IPV6",
            "fd00:0:0:0:0:0:0:1/64|fd00::/64|IPV6",
            "::/0|::/0|IPV6",
            "2001:db8:0:1:0:0:0:1|2001:db8:0:1::1/128|IPV6",
            "2001:0:0:1:0:0:0:1|2001:0:0:1::1/128|IPV6",
            "[fd00::1]|fd00::1/128|IPV6",
            "[FD00::1]/64|fd00::/64|IPV6"})
    void canonical(String input, String cidr, IpPrefix.Family family) {
        IpPrefix p = IpPrefix.parse(input);
        assertThat(p.cidr()).isEqualTo(cidr);
        assertThat(p.family()).isEqualTo(family);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.256", "10.0.0", "10.0.0.1/33", "fd00::1/129", "localhost", "example.com",
            "10.0.0.1/x", "fd00:::1", "::ffff:10.0.0.1", "1.2.3.4.5", "",
            "[10.0.0.1]", "[fd00::1", "fd00::1]", "[]", "[fd00::1/64]"})
    void rejects(String input) {
        assertThatThrownBy(() -> IpPrefix.parse(input)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("\n");
    }

    @Test
    void listsAreDeduplicated() {
        assertThat(IpPrefix.parseList("10.0.0.1, 10.0.0.1/32 fd00::1")).extracting(IpPrefix::cidr)
                .containsExactly("10.0.0.1/32", "fd00::1/128");
    }

    @Test
    void containment() throws Exception {
        IpPrefix net = IpPrefix.parse("10.231.2.0/24");
        assertThat(net.contains(InetAddress.getByName("10.231.2.9"))).isTrue();
        assertThat(net.contains(InetAddress.getByName("10.231.3.9"))).isFalse();
        assertThat(IpPrefix.parse("::/0").contains(InetAddress.getByName("10.0.0.1"))).isFalse();
    }
}
