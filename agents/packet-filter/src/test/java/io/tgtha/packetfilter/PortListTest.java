// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.packetfilter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PortListTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "3260|3260|3260",
            "03260|3260|3260",
            "3260,5000:5010|3260,5000:5010|{ 3260, 5000-5010 }",
            " 3260 , 5000-5010 |3260,5000:5010|{ 3260, 5000-5010 }",
            "1,65535|1,65535|{ 1, 65535 }",
            "7:7|7|7"})
    void canonicalForms(String input, String iptables, String nft) {
        PortList p = PortList.parse(input);
        assertThat(p.iptables()).isEqualTo(iptables);
        assertThat(p.nft()).isEqualTo(nft);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0|outside 1-65535",
            "65536|outside 1-65535",
            "3260,|empty item",
            "abc|is not a port",
            "1:2:3|is not a port",
            "10:5|ends before it starts",
            "-5|is not a port",
            "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16|more than 15 ports",
            "1:2,3:4,5:6,7:8,9:10,11:12,13:14,15,16|more than 15 ports",
            "999999|is not a port"})
    void rejectsWithReason(String input, String reason) {
        assertThatThrownBy(() -> PortList.parse(input)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void fifteenSlotsAreAllowed() {
        assertThat(PortList.parse("1:2,3:4,5:6,7:8,9:10,11:12,13:14,15").slots()).isEqualTo(15);
    }

    @Test
    void ssFilterCoversRanges() {
        assertThat(PortList.parse("3260,5000:5010").ssLocalPortFilter())
                .isEqualTo("( sport = :3260 or ( sport >= :5000 and sport <= :5010 ) )");
    }
}
