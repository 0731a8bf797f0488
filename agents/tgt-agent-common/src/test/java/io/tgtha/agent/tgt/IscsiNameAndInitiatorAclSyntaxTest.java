// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.tgt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the iSCSI name and initiator ACL checks (target and LUN agents, {@code tgtha migrate}) accept and how they
 * word a refusal. Control characters never get this far (the runtime refuses them in every parameter).
 */
class IscsiNameAndInitiatorAclSyntaxTest {
    @ParameterizedTest
    @ValueSource(strings = {"iqn.2024-01.com.example", "iqn.2024-01.com.example:", "iqn.2024-01.com.example:t1",
        "iqn.2024-01.com.example:a:b.c-d", "iqn.2024-01.a-b.c", "iqn.2024-12.x", "eui.0123456789abcdef",
        "eui.0123456789ABCDEF", "naa.0123456789abcdef", "naa.0123456789abcdef0123456789abcdef"})
    void wellFormedIscsiNames(String name) {
        assertThat(IscsiName.problemWith(name)).as(name).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "IQN.2024-01.com.example | not an IQN", "iqn.2024-1.com | not an IQN", "iqn.24-01.com | not an IQN",
        "iqn.2024-01. | not an IQN", "iqn.2024-01.com. | not an IQN", "iqn.2024-01.-com | not an IQN",
        "iqn.2024-01.com- | not an IQN", "iqn.2024-01.a..b | not an IQN", "iqn.2024-01.a:b_c | not an IQN",
        "iqn.2024-01.a b | not an IQN", "iqn.2024-01.\u00e9 | not an IQN", "iqn.2024-01:x | not an IQN",
        "iqn.2024_01.x | not an IQN", "iqn.\u0662024-01.x | not an IQN",
        "iqn.2024-13.com.example | IQN date 2024-13 has no valid month", "iqn.2024-00.x | IQN date 2024-00 has no valid month",
        "EUI.0123456789abcdef | not an EUI name", "eui.0123456789abcde | not an EUI name",
        "eui.0123456789abcdeg | not an EUI name", "Naa.0123456789abcdef | not an NAA name",
        "naa.0123456789abcdef0 | not an NAA name", "a | starts with iqn., eui. or naa.", "ALL | starts with iqn., eui. or naa."})
    void malformedIscsiNamesSayWhy(String name, String why) {
        assertThat(IscsiName.problemWith(name)).as(name).hasValueSatisfying(p -> assertThat(p).contains(why));
    }

    @Test
    void anIscsiNameIsAtMost223Bytes() {
        assertThat(IscsiName.problemWith("iqn.2024-01.a" + "b".repeat(210))).isEmpty();
        assertThat(IscsiName.problemWith("iqn.2024-01.a" + "b".repeat(211))).contains("an iSCSI name is at most 223 bytes long");
        assertThat(IscsiName.problemWith("")).contains("an iSCSI name must not be empty");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'' | addresses [ALL]", "' ' | addresses [ALL]", "all | addresses [ALL]",
        "'1.2.3.4/24, iqn.2024-01.x ALL' | addresses [1.2.3.4/24, ALL], names [iqn.2024-01.x]",
        "iqn.2024-01.x | addresses [], names [iqn.2024-01.x]", "[::1]/64 [fe80::2] | addresses [[::1]/64, [fe80::2]]",
        "1.2.3.4/0 1.2.3.4/0 | addresses [1.2.3.4/0]"})
    void initiatorAcls(String text, String parsed) {
        assertThat(InitiatorAcl.parse(text)).hasToString(parsed);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1.2.3.4/33 | initiator address '1.2.3.4/33' has a prefix above 32",
        "1.2.3.4/123 | is neither ALL", "10.0.0.256 | initiator address '10.0.0.256' has an octet above 255",
        "[::1]/129 | initiator address '[::1]/129' has a prefix above 128", "[::1]/1280 | is neither ALL",
        "1.2.3.4/ | is neither ALL", "1.2.3.4:3260/24 | is neither ALL", "host | is neither ALL", "[.] | is neither ALL",
        "iqn.2024-13.x | initiator 'iqn.2024-13.x': IQN date 2024-13 has no valid month"})
    void malformedInitiatorsSayWhy(String text, String why) {
        assertThat(InitiatorAcl.problemWith(text)).hasValueSatisfying(p -> assertThat(p).contains(why));
    }
}
