package io.tgtha.agent.portblock;

import io.tgtha.ocf.text.Text;
import org.junit.jupiter.api.Test;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operation path parses without java.util.regex (each new Pattern shape costs a 50 ms JVM 1-3 ms).
 * These tables pin that the loops accept, reject, extract and word their errors exactly as the regular
 * expressions did: the old regex versions live on here, in the test, as the oracle.
 */
class TextChecksAgreeWithTheRegexesTheyReplacedTest {

    // Characters where a loop and a regex most easily part ways: \s is only " \t\n\x0B\f\r", trim()
    // also drops other control characters, [0-9] is ASCII while Integer.parseInt takes any digit.
    private static final List<String> ADDRESSES = List.of(
            "", " ", "1.2.3.4", " 1.2.3.4 ", "1.2.3.4/", "1.2.3.4/0", "1.2.3.4/32", "1.2.3.4/33", "/24",
            "1.2.3.4/024", "1.2.3.4/0024", "1.2.3.4/2a", "1.2.3.4/-1", "1.2.3.4/+1", "10.1.2.3/8", "01.2.3.4",
            "1.2.3", "1..2.3", "1.2.3.4.", ".1.2.3", "256.1.1.1", "255.255.255.255", "1.2.3.0004",
            "\u0967.2.3.4", "1.2.3.4/\u0661\u0662", "\uFF11.2.3.4", "1.2.3.4/1/2", "fd00::1", "fd00::1/64",
            "FD00::1/128", "fd00::1/129", "::", "::/0", "::ffff:1.2.3.4", "::1.2.3.4", ":", ":::", "fd00::g",
            "fd00:::1", "fe80::1%eth0", "[fd00::1]", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9", "localhost",
            "1.2.3.4\u0001", "\u00011.2.3.4", "1.2.3.4 5.6.7.8", "1.2.3.4\u00A0", "1.2.3.4\u2003");

    private static final List<String> ADDRESS_LISTS = List.of(
            "", " ", ",", " , ", "1.2.3.4,5.6.7.8", "1.2.3.4 , 5.6.7.8", ",1.2.3.4,", ",,1.2.3.4,,",
            "1.2.3.4\t\n5.6.7.8", "1.2.3.4\u000B5.6.7.8", "1.2.3.4\f5.6.7.8\r", "1.2.3.4\u00A05.6.7.8",
            "1.2.3.4\u20035.6.7.8", "\u00011.2.3.4,\u0001", "1.2.3.4,\u0001,5.6.7.8", "\u001c1.2.3.4",
            "1.2.3.4\u001c5.6.7.8", "1.2.3.4,1.2.3.4/32", "fd00::1 fd00::/64,10.0.0.0/8", "1.2.3.4,x",
            "0.0.0.0/0", "1.2.3.4;5.6.7.8");

    private static final List<String> PORT_LISTS = List.of(
            "", " ", "3260", " 3260 ", "03260", "0", "1", "65535", "65536", "99999", "123456", "3260,5000:5010",
            "5000-5010", "5000:5010:5020", "5000-5010-5020", "5000:-5010", "5000-", ":5000", "-5000", ":", "-",
            "::", "5000 : 5010", "5000 - 5010", " 3260 , 3261 ", "3260,,3261", "3260,", ",3260", "5010:5000",
            "\uFF13\uFF12\uFF16\uFF10", "\u0967\u0968", "+3260", "3260\u0001", "\u00013260", "1,2,3,4,5,6,7,8,9,"
                    + "10,11,12,13,14,15", "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16", "1:2,3:4,5:6,7:8,9:10,11:12,"
                    + "13:14,15", "1:2,3:4,5:6,7:8,9:10,11:12,13:14,15:16", "3260;3261", "3260 3261", "1e3");

    @Test
    void ipPrefixParseAgreesWithTheRegexVersion() {
        for (String a : ADDRESSES) {
            assertThat(outcome(() -> IpPrefix.parse(a).cidr())).as("parse '%s'", a)
                    .isEqualTo(outcome(() -> Before.ipPrefix(a)));
        }
    }

    @Test
    void ipPrefixParseListAgreesWithTheRegexVersion() {
        List<String> inputs = new ArrayList<>(ADDRESS_LISTS);
        inputs.addAll(ADDRESSES);
        for (String a : inputs) {
            assertThat(outcome(() -> IpPrefix.parseList(a).toString())).as("parseList '%s'", a)
                    .isEqualTo(outcome(() -> Before.ipPrefixList(a).toString()));
        }
        assertThat(outcome(() -> IpPrefix.parseList(null).toString()))
                .isEqualTo(outcome(() -> Before.ipPrefixList(null).toString()))
                .isEqualTo("IllegalArgumentException: no address given");
    }

    @Test
    void portListParseAgreesWithTheRegexVersion() {
        for (String p : PORT_LISTS) {
            assertThat(outcome(() -> PortList.parse(p).iptables())).as("portno '%s'", p)
                    .isEqualTo(outcome(() -> Before.portList(p)));
        }
    }

    @Test
    void ssOutputParsingAgreesWithTheRegexVersion() {
        String[] lines = {
                "0 0 10.0.0.1:3260 10.0.0.2:5000", "ESTAB 0 2800000 [fd00::1]:3260 [fd00::2]:4000",
                "", " ", "\t", "  0   0   a:1   b:2  ", "\t0\t0\ta\tb", "\u00010 0 a b", "0 0 a b\u0001",
                "0 0 a", "x y a b", "x 0 0 a", "x 0 0 a b", "0 0 a b c d", "\u0967 0 a b", "0 \u0967 a b",
                "0\u000B0\fa\rb", "0\u00A00 a b c", "0 0 a\u001cb c", "-1 0 a b", "+1 0 a b",
                "LISTEN 0 4096 0.0.0.0:3260 0.0.0.0:*", "0 0 a b\r"};
        StringBuilder all = new StringBuilder();
        for (String line : lines) {
            assertThat(SocketTable.parse(line)).as("ss line '%s'", line).isEqualTo(Before.ss(line));
            all.append(line).append('\n');
        }
        assertThat(SocketTable.parse(all.toString())).isEqualTo(Before.ss(all.toString())).hasSize(12);
    }

    @Test
    void jsonNumbersAgreeWithTheRegexVersion() {
        String[] numbers = {"5", "-5", "--5", "+5", "-", "+", "-0", "00", "5-", "5.0", "-5.5", "1e3", "1E+3",
                "-1e-3", "99999999999999999999", "-9223372036854775808", "9223372036854775808", ".5", "5.",
                "e", "1.2.3", "0x10"};
        for (String n : numbers) {
            assertThat(outcome(() -> String.valueOf(MiniJson.parse(n)) + " " + MiniJson.parse(n).getClass()))
                    .as("JSON number '%s'", n).isEqualTo(outcome(() -> Before.jsonNumber(n)));
        }
    }

    @Test
    void stateFileNamesAgreeWithTheRegexVersion() {
        String[] names = {"pb", "pb:0", "pb-block_1.x", "a/b", "..", ".x", "", "x y", "\u00e9t\u00e9",
                "\uD83D\uDE00", "a\uD83D\uDE00b", "\uD83D", "a\uDE00b", "\uDE00\uD83D", "x\u0000y", "x\ny",
                "x".repeat(300), "\uD83D\uDE00".repeat(150), "_".repeat(199) + "\uD83D\uDE00", "~!@#$%^&*()+="};
        for (String n : names) {
            assertThat(PseudoState.safeName(n)).as("instance '%s'", n).isEqualTo(Before.safeName(n));
        }
    }

    @Test
    void everyCharacterOfAStateFileNameAgreesWithTheRegexVersion() {
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            String n = "a" + c;
            if (!PseudoState.safeName(n).equals(Before.safeName(n))) {
                assertThat(PseudoState.safeName(n)).as("U+%04X", (int) c).isEqualTo(Before.safeName(n));
            }
        }
    }

    @Test
    void syncScriptProgramAgreesWithTheRegexVersion() {
        String[] scripts = {"csync2 -xv", "csync2\t-xv", "csync2\n-xv", "a\u000Bb", "a\fb", "a\rb", "a\u00A0b",
                "a\u001cb", "a\u2003b", "single", "/usr/bin/rsync  -a  x", "x\u0001 y"};
        for (String s : scripts) {
            assertThat(PortblockAgent.firstWord(s)).as("sync_script '%s'", s).isEqualTo(s.split("\\s+")[0]);
        }
    }

    @Test
    void printableMessagesAgreeWithTheRegexVersion() {
        // PortblockConfig shows bad values through Text.printable, which replaced replaceAll("\\p{Cntrl}", "?")
        StringBuilder every = new StringBuilder();
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            every.append(c);
        }
        String s = every.toString();
        assertThat(Text.printable(s)).isEqualTo(s.replaceAll("\\p{Cntrl}", "?"));
    }

    private interface Outcome {
        String get();
    }

    private static String outcome(Outcome o) {
        try {
            return o.get();
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    /** The regex versions, as they were before the loops replaced them. */
    private static final class Before {
        static String ipPrefix(String text) {
            String t = text == null ? "" : text.trim();
            if (t.isEmpty()) {
                throw new IllegalArgumentException("empty address");
            }
            String addr = t;
            Integer len = null;
            int slash = t.indexOf('/');
            if (slash >= 0) {
                addr = t.substring(0, slash);
                String l = t.substring(slash + 1);
                if (!l.matches("[0-9]{1,3}")) {
                    throw new IllegalArgumentException("'" + t + "': prefix length must be a number");
                }
                len = Integer.parseInt(l);
            }
            byte[] bytes;
            if (addr.matches("[0-9.]+")) {
                bytes = ipv4(addr, t);
            } else if (addr.contains(":") && addr.matches("[0-9A-Fa-f:.]+")) {
                bytes = ipv6(addr, t);
            } else {
                throw new IllegalArgumentException("'" + t + "' is not an IPv4 or IPv6 address");
            }
            int max = bytes.length * 8;
            int length = len == null ? max : len;
            if (length > max) {
                throw new IllegalArgumentException("'" + t + "': prefix length above " + max);
            }
            for (int bit = length; bit < max; bit++) {
                bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
            }
            String text4or6 = bytes.length == 4
                    ? (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff)
                    : IpPrefix.compressIpv6(bytes);
            return text4or6 + "/" + length;
        }

        static List<String> ipPrefixList(String text) {
            List<String> list = new ArrayList<>();
            for (String item : (text == null ? "" : text.trim()).split("[,\\s]+")) {
                if (!item.isEmpty()) {
                    String p = ipPrefix(item);
                    if (!list.contains(p)) {
                        list.add(p);
                    }
                }
            }
            if (list.isEmpty()) {
                throw new IllegalArgumentException("no address given");
            }
            return list;
        }

        private static byte[] ipv4(String addr, String whole) {
            String[] parts = addr.split("\\.", -1);
            if (parts.length != 4) {
                throw new IllegalArgumentException("'" + whole + "' is not an IPv4 address");
            }
            byte[] b = new byte[4];
            for (int i = 0; i < 4; i++) {
                if (!parts[i].matches("[0-9]{1,3}") || Integer.parseInt(parts[i]) > 255) {
                    throw new IllegalArgumentException("'" + whole + "' is not an IPv4 address");
                }
                b[i] = (byte) Integer.parseInt(parts[i]);
            }
            return b;
        }

        private static byte[] ipv6(String addr, String whole) {
            try {
                InetAddress a = InetAddress.getByName("[" + addr + "]");
                if (a instanceof Inet6Address) {
                    return a.getAddress();
                }
                throw new IllegalArgumentException("'" + whole + "': IPv4-mapped IPv6 addresses are not supported");
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("'" + whole + "' is not an IPv6 address");
            }
        }

        static String portList(String text) {
            String trimmed = text == null ? "" : text.trim();
            if (trimmed.isEmpty()) {
                throw new IllegalArgumentException("no port given");
            }
            List<String> ranges = new ArrayList<>();
            int slots = 0;
            for (String item : trimmed.split(",", -1)) {
                String part = item.trim();
                if (part.isEmpty()) {
                    throw new IllegalArgumentException("empty item in port list");
                }
                String[] ends = part.split("[:-]", -1);
                if (ends.length > 2) {
                    throw new IllegalArgumentException("'" + part + "' is not a port or a range like 5000:5010");
                }
                int first = port(ends[0], part);
                int last = ends.length == 2 ? port(ends[1], part) : first;
                if (last < first) {
                    throw new IllegalArgumentException("range '" + part + "' ends before it starts");
                }
                ranges.add(first == last ? Integer.toString(first) : first + ":" + last);
                slots += first == last ? 1 : 2;
            }
            if (slots > 15) {
                throw new IllegalArgumentException("more than 15 ports (a range counts as two), the limit of one "
                        + "multiport rule");
            }
            return String.join(",", ranges);
        }

        private static int port(String digits, String item) {
            String d = digits.trim();
            if (!d.matches("[0-9]{1,5}")) {
                throw new IllegalArgumentException("'" + item + "' is not a port or a range like 5000:5010");
            }
            int n = Integer.parseInt(d);
            if (n < 1 || n > 65535) {
                throw new IllegalArgumentException("port " + d + " is outside 1-65535");
            }
            return n;
        }

        static List<TcpConnection> ss(String out) {
            List<TcpConnection> list = new ArrayList<>();
            for (String line : out.split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 4) {
                    continue;
                }
                int q = f[0].matches("[0-9]+") ? 0 : 1;
                if (f.length < q + 4 || !f[q].matches("[0-9]+") || !f[q + 1].matches("[0-9]+")) {
                    continue;
                }
                list.add(new TcpConnection(f[q + 2], f[q + 3], Long.parseLong(f[q]), Long.parseLong(f[q + 1])));
            }
            return list;
        }

        /** MiniJson.number() on a whole document that is one number (the scan itself did not change). */
        static String jsonNumber(String n) {
            for (char c : n.toCharArray()) {
                if ("+-0123456789.eE".indexOf(c) < 0) {
                    return outcome(() -> String.valueOf(MiniJson.parse(n)));
                }
            }
            Object v;
            try {
                v = n.matches("-?[0-9]+") ? (Object) Long.parseLong(n) : (Object) Double.parseDouble(n);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("JSON: bad number at offset " + n.length());
            }
            return v + " " + v.getClass();
        }

        static String safeName(String instance) {
            String s = instance.replaceAll("[^A-Za-z0-9._:-]", "_");
            if (s.isEmpty() || s.startsWith(".")) {
                s = "_" + s;
            }
            return s.length() > 200 ? s.substring(0, 200) : s;
        }
    }

    @Test
    void theTablesReachBothSidesOfEveryCheck() {
        // a table that only ever hits one branch would agree with anything: make sure both outcomes occur
        long goodAddresses = ADDRESSES.stream().filter(a -> !outcome(() -> Before.ipPrefix(a)).contains("Exception"))
                .count();
        long goodPorts = PORT_LISTS.stream().filter(p -> !outcome(() -> Before.portList(p)).contains("Exception"))
                .count();
        assertThat(goodAddresses).isBetween(5L, ADDRESSES.size() - 5L);
        assertThat(goodPorts).isBetween(5L, PORT_LISTS.size() - 5L);
        assertThat(Arrays.asList(PseudoState.safeName("\uD83D\uDE00x"), PseudoState.safeName("\uD83Dx")))
                .as("a surrogate pair, like a lone surrogate, is one character to replace").containsExactly("_x", "_x");
    }
}
