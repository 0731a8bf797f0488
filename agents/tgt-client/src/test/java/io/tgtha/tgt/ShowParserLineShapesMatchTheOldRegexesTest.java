package io.tgtha.tgt;

import static io.tgtha.tgt.RegexEquivalence.arrayOrNull;
import static io.tgtha.tgt.RegexEquivalence.assertSameGroups;
import static io.tgtha.tgt.RegexEquivalence.assertSameVerdict;
import static io.tgtha.tgt.RegexEquivalence.inputs;
import static io.tgtha.tgt.RegexEquivalence.list;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * ShowParser's line shapes were regular expressions until the first Pattern's ~2.7 ms in every agent JVM
 * made them loops. These are the old patterns, verbatim: each loop must accept the same lines and extract
 * the same groups, including on the odd whitespace (\s vs trim), '.' vs line terminators and digit runs.
 */
class ShowParserLineShapesMatchTheOldRegexesTest {
    private static final int RANDOM = 20_000;

    @Test
    void targetHeadingIsTheOldTargetPattern() {
        Pattern old = Pattern.compile("^Target (\\d+): (\\S+)\\s*$");
        List<String> given = list("Target 1: iqn.2026-01.io.tgtha:cap.one", "Target 12: iqn.x ", "Target 1: iqn.x \t\r",
                "Target 1: iqn.x\u000B\f", "Target 1: iqn.x \u0085", "Target 1: iqn.x y", "Target 1: ", "Target 1:  iqn",
                "Target : iqn", "Target 1 : iqn", " Target 1: iqn", "Target 99999999999: iqn", "Target 1: \u00E9\u00A0",
                "Target \u0663: iqn", "Target 1: iqn\u00A0", "target 1: iqn", "Target 1: a:b: c", "");
        int matched = assertSameGroups(old, ShowParser::targetHeading, inputs(given,
                list("Target ", "Target 1: ", "1", "42", ": ", "iqn.x:y", "Target"), RANDOM, 1));
        assertThat(matched).isGreaterThan(100);
    }

    @Test
    void nexusConnectionAndLunNumbersAreTheOldDigitPatterns() {
        for (String prefix : list("I_T nexus: ", "Connection: ", "LUN: ")) {
            Pattern old = Pattern.compile("^" + Pattern.quote(prefix) + "(\\d+)$");
            List<String> given = list(prefix + "0", prefix + "123", prefix, prefix + " 1", prefix + "1 ", prefix + "1a",
                    prefix + "\u0663", prefix + "99999999999999999999", prefix.trim() + "1", "x" + prefix + "1");
            int matched = assertSameGroups(old, s -> arrayOrNull(ShowParser.digitsAfter(s, prefix)),
                    inputs(given, list(prefix, "0", "17", "x", ":"), RANDOM, 2));
            assertThat(matched).as(prefix).isGreaterThan(100);
        }
    }

    @Test
    void sizeIsTheOldSizePattern() {
        Pattern old = Pattern.compile("^Size: (\\d+) MB, Block size: (\\d+)$");
        List<String> given = list("Size: 0 MB, Block size: 1", "Size: 105 MB, Block size: 512", "Size:  MB, Block size: 1",
                "Size: 1 MB, Block size: ", "Size: 1 MB, Block size: 512 ", "Size: 1 MB,  Block size: 512",
                "Size: 1MB, Block size: 512", "Size: 1 MB, Block size: 5x", "Size: \u0663 MB, Block size: 1");
        int matched = assertSameGroups(old, ShowParser::size, inputs(given,
                list("Size: ", " MB, Block size: ", "1", "4096", "MB", ","), RANDOM, 3));
        assertThat(matched).isGreaterThan(100);
    }

    @Test
    void initiatorIsTheOldInitiatorPattern() {
        Pattern old = Pattern.compile("^Initiator: (\\S+)(?: alias: (.*))?$");
        List<String> given = list("Initiator: iqn.2026-01.io.tgtha:ini1 alias: none", "Initiator: iqn.x alias: host one",
                "Initiator: iqn.x", "Initiator: iqn.x alias: ", "Initiator: iqn.x alias:", "Initiator: iqn.x  alias: a",
                "Initiator: iqn.x\talias: a", "Initiator: iqn.x alias: a\u0085b", "Initiator: iqn.x alias: a\u2028",
                "Initiator: iqn.x alias: a\rb", "Initiator: iqn.x alias: a\u000Bb", "Initiator: iqn.x alias: alias: b",
                "Initiator: ", "Initiator:  iqn", "Initiator: iqn.x ", "Initiator: iqn\u00A0x alias: y",
                "Initiator: iqn.x alias: a\uD83D\uDE00");
        int matched = assertSameGroups(old, ShowParser::initiator, inputs(given,
                list("Initiator: ", " alias: ", "alias: ", "iqn.x", "none", "a b"), RANDOM, 4));
        assertThat(matched).isGreaterThan(100);
    }

    @Test
    void ipAddressIsTheOldAddressPattern() {
        Pattern old = Pattern.compile("^(?:RDMA )?IP Address: (\\S+)$");
        List<String> given = list("IP Address: 10.231.1.2", "RDMA IP Address: 10.231.1.2", "RDMA RDMA IP Address: 1",
                "IP Address: ", "IP Address: 1 ", "IP Address: 1 2", "RDMA  IP Address: 1", "IP Address: \u00A0",
                "IP Address: fe80::1\u0085", "RDMA IP Address:  1");
        int matched = assertSameGroups(old, s -> arrayOrNull(ShowParser.ipAddress(s)), inputs(given,
                list("RDMA ", "IP Address: ", "10.0.0.1", "fe80::1", "RDMA"), RANDOM, 5));
        assertThat(matched).isGreaterThan(100);
    }

    @Test
    void aclAddressRulesAreTheOldIpv4AndIpv6Patterns() {
        Pattern ipv4 = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}(/\\d{1,2})?$");
        Pattern ipv6 = Pattern.compile("^(\\[[0-9A-Fa-f:.]+\\]|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)(/\\d{1,3})?$");
        List<String> given = list("ALL", "10.1.2.3", "10.1.2.0/24", "10.1.2.0/", "10.1.2.0/240", "1.2.3", "1.2.3.4.5",
                "1234.1.1.1", "1.1.1.1234", "1..1.1", ".1.1.1", "1.1.1.1.", "\u0663.1.1.1", "[fe80::1]/64", "[fe80::1]",
                "[]", "[:]", "[::1]/1234", "[::1]x", "[[::1]]", "fe80::1", ":", "::", "fe80", "1.2.3.4:", ":/1",
                "g::1", "::1/", "::1/12345", "iqn.2026-01.io.tgtha:ini1", "eui.0123456789ABCDEF", "abc:def/1/2", "");
        List<String> all = inputs(given, list("1", "255", "1234", ".", ":", "::", "[", "]", "/", "/24", "fe80", "G",
                "ALL", "iqn."), RANDOM, 6);
        assertThat(assertSameVerdict(ipv4, ShowParser::isIpv4Rule, all)).isGreaterThan(20);
        assertThat(assertSameVerdict(ipv6, ShowParser::isIpv6Rule, all)).isGreaterThan(100);
        Pattern either = Pattern.compile("ALL|" + ipv4.pattern() + "|" + ipv6.pattern());
        assertSameVerdict(either, ShowParser::isAddressRule, all);
    }
}
