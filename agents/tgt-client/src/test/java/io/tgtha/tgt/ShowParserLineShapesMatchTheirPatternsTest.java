// SPDX-License-Identifier: GPL-2.0-or-later
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
 * ShowParser's line shapes are loops written from regular expressions (the target block's own lines are read in
 * tgtd's exact layout by TargetShowReader). These are those patterns, verbatim: each loop must accept the same
 * lines and extract the same groups, including on the odd whitespace (\s vs trim), '.' vs line terminators and
 * digit runs.
 */
class ShowParserLineShapesMatchTheirPatternsTest {
    private static final int RANDOM = 20_000;

    @Test
    void sizeIsExactlyItsPattern() {
        Pattern old = Pattern.compile("^Size: (\\d+) MB, Block size: (\\d+)$");
        List<String> given = list("Size: 0 MB, Block size: 1", "Size: 105 MB, Block size: 512", "Size:  MB, Block size: 1",
                "Size: 1 MB, Block size: ", "Size: 1 MB, Block size: 512 ", "Size: 1 MB,  Block size: 512",
                "Size: 1MB, Block size: 512", "Size: 1 MB, Block size: 5x", "Size: \u0663 MB, Block size: 1");
        int matched = assertSameGroups(old, ShowParser::size, inputs(given,
                list("Size: ", " MB, Block size: ", "1", "4096", "MB", ","), RANDOM, 3));
        assertThat(matched).isGreaterThan(100);
    }

    @Test
    void aclAddressRulesAreExactlyTheirIpv4AndIpv6Patterns() {
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
