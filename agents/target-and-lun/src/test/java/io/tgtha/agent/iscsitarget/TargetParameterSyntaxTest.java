// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.iscsitarget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the target agent's own syntax checks accept and how they word a refusal: portals and
 * additional_parameters (iSCSI names and initiator ACLs: IscsiNameAndInitiatorAclSyntaxTest in tgt-agent-common).
 * Control characters never get this far (the runtime refuses them in every parameter).
 */
class TargetParameterSyntaxTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "10.0.0.1 | [10.0.0.1:3260]", "10.0.0.1:3261 | [10.0.0.1:3261]", "[::1]:3260 | [[::1]:3260]",
        "[fe80::1] | [[fe80::1]:3260]", "'  10.0.0.1   [A:F]:1 ' | [10.0.0.1:3260, [A:F]:1]", "010.0.0.1 | [010.0.0.1:3260]"})
    void portals(String text, String parsed) {
        assertThat(Portal.parseList(text)).hasToString(parsed);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "10.0.0.256 | portal '10.0.0.256': octet 256 is above 255",
        "10.0.0.1:0 | portal '10.0.0.1:0': port 0 is outside 1-65535",
        "10.0.0.1:65536 | portal '10.0.0.1:65536': port 65536 is outside 1-65535",
        "10.0.0.1:123456 | is not IPv4[:port] or [IPv6][:port]", "10.0.0.1: | is not IPv4[:port] or [IPv6][:port]",
        "1.2.3 | is not IPv4", "1.2.3.4567 | is not IPv4", "1234.1.1.1 | is not IPv4", "[] | is not IPv4",
        "[.] | is not IPv4", "[::1 | is not IPv4", "::1 | is not IPv4", "[::1]] | is not IPv4", "[::g] | is not IPv4",
        "[::1]:3260:1 | is not IPv4", "\u0661.2.3.4 | is not IPv4", "host.example:3260 | is not IPv4",
        "10.0.0.1:3260,10.0.0.2:3260 | is not IPv4"})
    void malformedPortalsSayWhy(String text, String why) {
        assertThatThrownBy(() -> Portal.parseList(text)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(why);
        assertThat(Portal.problemWith(text)).isPresent();
    }

    @Test
    void noPortalAtAllIsAProblem() {
        assertThat(Portal.problemWith("  ")).contains("no portal given");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'a=b  MaxRecvDataSegmentLength=65536' | {a=b, MaxRecvDataSegmentLength=65536}", "a_1=x | {a_1=x}",
        "a==b | {a==b}", "A=\u00e9 | {A=\u00e9}", "'' | {}"})
    void additionalParameters(String text, String parsed) {
        assertThat(TargetParameterList.parse(text)).hasToString(parsed);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "=b | '=b' is not name=value", "a= | 'a=' is not name=value", "a | 'a' is not name=value",
        "1a=b | '1a' is not a parameter name", "_a=b | '_a' is not a parameter name", "a-b=c | 'a-b' is not a parameter name",
        "a=b,c | value of 'a' must not contain a comma"})
    void malformedAdditionalParametersSayWhy(String text, String why) {
        assertThat(TargetParameterList.problemWith(text)).contains(why);
    }
}
