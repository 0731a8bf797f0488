// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import static io.tgtha.tgt.RegexEquivalence.assertSameVerdict;
import static io.tgtha.tgt.RegexEquivalence.inputs;
import static io.tgtha.tgt.RegexEquivalence.list;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * DefaultTgtClient's input checks are hand-written; each must give the verdict of the pattern its comment names
 * (the patterns they were written from, verbatim) on every input, including the lengths at the limits and every
 * single char of 0-0xFF, and refuse with the same messages.
 */
class TgtClientInputChecksMatchTheirPatternsTest {
    private static final int RANDOM = 20_000;

    /** Every char 0-0xFF alone, plus a few beyond. */
    private static List<String> singleChars() {
        List<String> all = new ArrayList<>();
        for (char c = 0; c < 0x100; c++) {
            all.add(String.valueOf(c));
        }
        all.add("\u0663");
        all.add("\u2028");
        all.add("\uD83D\uDE00");
        return all;
    }

    private static List<String> lengths(String unit, int limit) {
        return list(unit.repeat(limit - 1), unit.repeat(limit), unit.repeat(limit + 1), "");
    }

    @Test
    void iscsiNameIsExactlyItsPattern() {
        Pattern old = Pattern.compile("[A-Za-z0-9.:-]{1,223}");
        List<String> given = new ArrayList<>(singleChars());
        given.addAll(lengths("a", 223));
        given.addAll(list("iqn.2026-01.io.tgtha:disk1", "iqn_x", "iqn x", "eui.0123456789ABCDEF"));
        assertThat(assertSameVerdict(old, DefaultTgtClient::isIscsiName,
                inputs(given, list("iqn.", "2026-01", ":", "Z", "_", "/"), RANDOM, 11))).isGreaterThan(100);
    }

    @Test
    void userIsExactlyItsPattern() {
        Pattern old = Pattern.compile("[\\x21-\\x7e&&[^,=]]{1,255}");
        List<String> given = new ArrayList<>(singleChars());
        given.addAll(lengths("u", 255));
        given.addAll(list("alice", "al ice", "a,b", "a=b", "~!@#$%^&*()", "\u007F"));
        assertThat(assertSameVerdict(old, DefaultTgtClient::isUser,
                inputs(given, list("alice", ",", "=", "~", "!", "\u007F"), RANDOM, 12))).isGreaterThan(100);
    }

    @Test
    void paramNameIsExactlyItsPattern() {
        Pattern old = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
        List<String> given = new ArrayList<>(singleChars());
        given.addAll(lengths("p", 64));
        given.addAll(list("scsi_id", "vendor_id", "bs-oflags", "a:b", "a=b"));
        assertThat(assertSameVerdict(old, DefaultTgtClient::isParamName,
                inputs(given, list("scsi_id", "-", ".", ":", "Z9"), RANDOM, 13))).isGreaterThan(100);
    }

    @Test
    void addressIsExactlyItsPattern() {
        Pattern old = Pattern.compile("ALL|[0-9A-Fa-f.:\\[\\]]+(/\\d{1,3})?");
        List<String> given = new ArrayList<>(singleChars());
        given.addAll(list("ALL", "ALLL", "all", "ALL/24", "10.231.1.0/24", "10.231.1.0/", "10.1.2.3/1234", "/24",
                "[fe80::1]/64", "]]", "fe80::g", "1/2/3", "1/\u0663"));
        assertThat(assertSameVerdict(old, DefaultTgtClient::isAddress,
                inputs(given, list("ALL", "10.", "0", "[", "]", ":", "/", "/64", "G", "x"), RANDOM, 14)))
                .isGreaterThan(100);
    }

    @Test
    void rejectedInputIsRefusedWithItsMessage() {
        // no daemon behind the path: the checks refuse before anything is sent
        TgtClient tgt = TgtClient.builder().socketPath(Path.of("/nonexistent/tgtha-test/socket.0"))
                .tgtdVersion(new TgtVersion(1, 0, 85)).build();
        assertThatThrownBy(() -> tgt.createTarget(1, "iqn x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("target name must be 1-223 characters of letters, digits, '.', ':', '-': 'iqn x'");
        assertThatThrownBy(() -> tgt.bindInitiatorAddress(1, "10.0.0.0/1234"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("initiator address must be ALL, an IP address or address/prefix: '10.0.0.0/1234'");
        assertThatThrownBy(() -> tgt.bindAccount(1, "a,b", AccountDirection.INCOMING))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("account user must be 1-255 printable characters without ',', '=' or spaces: 'a,b'");
    }
}
