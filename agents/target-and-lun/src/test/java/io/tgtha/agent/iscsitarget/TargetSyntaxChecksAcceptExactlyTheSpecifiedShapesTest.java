package io.tgtha.agent.iscsitarget;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The shapes the target agent's parameters accept (iSCSI names, portals, initiator ACLs,
 * additional_parameters) are written down here as regular expressions, the specification; the agent's
 * hand-written parsers must accept, reject, extract and word their messages exactly as these do, on a
 * table of tricky inputs and on many random strings built from the pieces that matter.
 */
class TargetSyntaxChecksAcceptExactlyTheSpecifiedShapesTest {
    private static final String[] TRICKY = {
        "", " ", "\t", "\u000B", "\u0001", "a", "iqn.", "IQN.", "Iqn.", "eui.", "EUI.", "naa.", "NAA.",
        "iqn.2024-01.com.example", "iqn.2024-01.com.example:", "iqn.2024-01.com.example:t1", "iqn.2024-01.com.example:a:b.c-d",
        "iqn.2024-13.com.example", "iqn.2024-00.x", "iqn.2024-1.com", "iqn.24-01.com", "iqn.2024-01.", "iqn.2024-01.com.",
        "iqn.2024-01.-com", "iqn.2024-01.com-", "iqn.2024-01.a-b.c", "iqn.2024-01.a..b", "iqn.2024-01.a:b_c", "iqn.2024-01.a b",
        "iqn.2024-01.\u00e9", "iqn.2024-01.a:\u00e9", "iqn.2024-01.a\n", "iqn.2024-01.a:\n", "iqn.2024-01.x.y.z:", "iqn.2024-01:x",
        "iqn.2024_01.x", "iqn.2024-01-x", "iqn.\u0662024-01.x", "iqn.2024-01.a" + "b".repeat(230),
        "eui.0123456789abcdef", "eui.0123456789ABCDEF", "eui.0123456789abcde", "eui.0123456789abcdef0", "EUI.0123456789abcdef",
        "eui.0123456789abcdeg", "naa.0123456789abcdef", "naa.0123456789abcdef0123456789abcdef", "naa.0123456789abcdef0",
        "Naa.0123456789abcdef", "naa.", "ALL", "all", "AlL",
        "10.0.0.1", "10.0.0.1:3260", "10.0.0.1:0", "10.0.0.1:65536", "10.0.0.1:123456", "10.0.0.1:", "10.0.0.256", "010.0.0.1",
        "1.2.3", "1.2.3.4.5", "1.2.3.4567", "1234.1.1.1", "1..2.3", ".1.2.3.4", "1.2.3.4/24", "1.2.3.4/33", "1.2.3.4/0",
        "1.2.3.4/123", "1.2.3.4/", "1.2.3.4:3260/24", "\u0661.2.3.4",
        "[::1]", "[::1]:3260", "[::1]:", "[fe80::1%eth0]", "[::1]/64", "[::1]/129", "[::1]/1280", "[]", "[:]", "[.]", "[1.2]",
        "[::1", "::1", "[::1]]", "[::1]x", "[a:b]:99999", "[A:F]:1", "[::g]", "[::1]:3260:1",
        "a=b", "=b", "a=", "a", "a==b", "_a=b", "a_1=x", "1a=b", "a-b=c", "a=b,c", "A=\u00e9", "MaxRecvDataSegmentLength=65536",
        "alice", "al ice", "a@b:c+d-e.f_g", "a/b", "a" + "b".repeat(254), "a" + "b".repeat(255), "\u00e9",
        "<target iqn.x>", "  < target\tiqn.x  >  # c", "<TARGET iqn.x>", "<TaRgEt iqn.x>", "<target>", "<targetiqn.x>",
        "<target iqn.x", "<target iqn.x y>", "x<target iqn.x>", "<target  >", "<\u212Aarget iqn.x>", "<target\u000Biqn.x\f>",
        "<target iqn.x>>", "\u0001<target iqn.x>", "<target a>b>",
    };
    private static final String[] PIECES = {
        "iqn.", "IQN.", "eui.", "naa.", "2024", "-", "01", "12", "13", "0", ".", "..", ":", "com", "example", "a-b", "-x", "x-",
        "0123456789abcdef", "ABCDEF", "g", "1", "255", "256", "3260", "65535", "65536", "/", "24", "33", "128", "129", "[", "]",
        "::1", "fe80", " ", "\t", "\u000B", "\n", "\u0001", ",", "=", "_", "@", "+", "\u00e9", "\u0661", "\uD83D\uDCBE", "<",
        ">", "target", "TARGET", "\u212A", "ALL", "sync", "direct",
    };

    @Test
    void iscsiNamesAgree() {
        check(IscsiName::problemWith, Former::iscsiNameProblem);
    }

    @Test
    void portalsAgree() {
        check(TargetSyntaxChecksAcceptExactlyTheSpecifiedShapesTest::portalList, Former::portalList);
    }

    @Test
    void initiatorAclsAgree() {
        check(TargetSyntaxChecksAcceptExactlyTheSpecifiedShapesTest::acl, Former::acl);
    }

    @Test
    void additionalParametersAgree() {
        check(TargetSyntaxChecksAcceptExactlyTheSpecifiedShapesTest::parameters, Former::parameters);
    }

    @Test
    void theTableReallyHasBothOutcomes() {
        // a table of only rejects (or only accepts) would make the comparisons above weak
        assertThat(IscsiName.isValid("iqn.2024-01.com.example:a:b.c-d")).isTrue();
        assertThat(IscsiName.problemWith("iqn.2024-13.com.example")).contains("IQN date 2024-13 has no valid month");
        assertThat(portalList("[::1]:3260")).isEqualTo("[[::1]:3260]");
        assertThat(acl("1.2.3.4/24, iqn.2024-01.x ALL")).isEqualTo("addresses [1.2.3.4/24, ALL], names [iqn.2024-01.x]");
        assertThat(TgtConfigFiles.targetTagName("  < target\tiqn.x  >  # c")).isEqualTo("iqn.x");
        assertThat(TgtConfigFiles.targetTagName("<\u212Aarget iqn.x>")).isNull();
    }

    private static <T> void check(Function<String, T> now, Function<String, T> former) {
        for (String s : TRICKY) {
            assertThat(outcome(now, s)).as("input '%s'", s).isEqualTo(outcome(former, s));
        }
        Random random = new Random(20261122L);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder b = new StringBuilder();
            int pieces = random.nextInt(10);
            for (int k = 0; k < pieces; k++) {
                b.append(PIECES[random.nextInt(PIECES.length)]);
            }
            String s = b.toString();
            assertThat(outcome(now, s)).as("input '%s'", s).isEqualTo(outcome(former, s));
        }
    }

    /** The result, or the exception's type and message: both must be the same. */
    private static <T> String outcome(Function<String, T> f, String input) {
        try {
            return String.valueOf(f.apply(input));
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    private static String portalList(String s) {
        return Portal.parseList(s).toString();
    }

    private static String acl(String s) {
        return InitiatorAcl.parse(s).toString();
    }

    private static String parameters(String s) {
        return TargetParameterList.parse(s).toString();
    }

    /** The implementations as they were, regular expressions and all. */
    private static final class Former {
        static final Pattern IQN = Pattern.compile(
                "iqn\\.(\\d{4})-(\\d{2})\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*"
                        + "(:[A-Za-z0-9.:-]*)?");
        static final Pattern EUI = Pattern.compile("eui\\.[0-9A-Fa-f]{16}");
        static final Pattern NAA = Pattern.compile("naa\\.([0-9A-Fa-f]{16}|[0-9A-Fa-f]{32})");
        static final Pattern PORTAL_V4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?::(\\d{1,5}))?");
        static final Pattern PORTAL_V6 = Pattern.compile("\\[([0-9A-Fa-f:.]+)](?::(\\d{1,5}))?");
        static final Pattern ACL_V4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(/(\\d{1,2}))?");
        static final Pattern ACL_V6 = Pattern.compile("\\[[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*](/(\\d{1,3}))?");
        static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

        static Optional<String> iscsiNameProblem(String name) {
            if (name == null || name.isEmpty()) {
                return Optional.of("an iSCSI name must not be empty");
            }
            if (name.getBytes(StandardCharsets.UTF_8).length > 223) {
                return Optional.of("an iSCSI name is at most 223 bytes long");
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("iqn.")) {
                Matcher m = IQN.matcher(name);
                if (!m.matches()) {
                    return Optional.of("not an IQN: expected iqn.YYYY-MM.reversed.domain[:identifier] with only letters,"
                            + " digits, '.', '-' and ':'");
                }
                int month = Integer.parseInt(m.group(2));
                if (month < 1 || month > 12) {
                    return Optional.of("IQN date " + m.group(1) + "-" + m.group(2) + " has no valid month");
                }
                if (!name.startsWith("iqn.")) {
                    return Optional.of("the type designator must be lower case 'iqn.'");
                }
                return Optional.empty();
            }
            if (lower.startsWith("eui.")) {
                return EUI.matcher(name).matches() && name.startsWith("eui.") ? Optional.empty()
                        : Optional.of("not an EUI name: expected eui. followed by 16 hex digits");
            }
            if (lower.startsWith("naa.")) {
                return NAA.matcher(name).matches() && name.startsWith("naa.") ? Optional.empty()
                        : Optional.of("not an NAA name: expected naa. followed by 16 or 32 hex digits");
            }
            return Optional.of("an iSCSI name starts with iqn., eui. or naa.");
        }

        static String portalList(String text) {
            List<Portal> portals = new ArrayList<>();
            for (String word : text.trim().split("\\s+")) {
                if (!word.isEmpty()) {
                    portals.add(portal(word));
                }
            }
            return portals.toString();
        }

        static Portal portal(String word) {
            Matcher m = PORTAL_V4.matcher(word);
            if (m.matches()) {
                for (int i = 1; i <= 4; i++) {
                    if (Integer.parseInt(m.group(i)) > 255) {
                        throw new IllegalArgumentException("portal '" + word + "': octet " + m.group(i) + " is above 255");
                    }
                }
                String addr = m.group(1) + "." + m.group(2) + "." + m.group(3) + "." + m.group(4);
                return new Portal(addr, port(word, m.group(5)));
            }
            m = PORTAL_V6.matcher(word);
            if (m.matches() && m.group(1).contains(":")) {
                return new Portal("[" + m.group(1) + "]", port(word, m.group(2)));
            }
            throw new IllegalArgumentException("portal '" + word + "' is not IPv4[:port] or [IPv6][:port]");
        }

        static int port(String word, String digits) {
            if (digits == null) {
                return Portal.DEFAULT_PORT;
            }
            int p = Integer.parseInt(digits);
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("portal '" + word + "': port " + p + " is outside 1-65535");
            }
            return p;
        }

        static String acl(String value) {
            if (value == null || value.isBlank()) {
                return InitiatorAcl.everyone().toString();
            }
            Set<String> addresses = new LinkedHashSet<>();
            Set<String> names = new LinkedHashSet<>();
            for (String word : value.trim().split("[\\s,]+")) {
                if (word.isEmpty()) {
                    continue;
                }
                if (word.equalsIgnoreCase("ALL")) {
                    addresses.add("ALL");
                } else if (IscsiName.looksLikeName(word)) {
                    Optional<String> p = iscsiNameProblem(word);
                    if (p.isPresent()) {
                        throw new IllegalArgumentException("initiator '" + word + "': " + p.get());
                    }
                    names.add(word);
                } else {
                    checkAddress(word);
                    addresses.add(word);
                }
            }
            if (addresses.isEmpty() && names.isEmpty()) {
                addresses.add("ALL");
            }
            return new InitiatorAcl(new ArrayList<>(addresses), new ArrayList<>(names)).toString();
        }

        static void checkAddress(String word) {
            Matcher m = ACL_V4.matcher(word);
            if (m.matches()) {
                for (int i = 1; i <= 4; i++) {
                    if (Integer.parseInt(m.group(i)) > 255) {
                        throw new IllegalArgumentException("initiator address '" + word + "' has an octet above 255");
                    }
                }
                if (m.group(6) != null && Integer.parseInt(m.group(6)) > 32) {
                    throw new IllegalArgumentException("initiator address '" + word + "' has a prefix above 32");
                }
                return;
            }
            m = ACL_V6.matcher(word);
            if (m.matches()) {
                if (m.group(2) != null && Integer.parseInt(m.group(2)) > 128) {
                    throw new IllegalArgumentException("initiator address '" + word + "' has a prefix above 128");
                }
                return;
            }
            throw new IllegalArgumentException("initiator '" + word + "' is neither ALL, an IPv4 address[/prefix],"
                    + " an [IPv6] address[/prefix] nor an iqn./eui./naa. initiator name");
        }

        static String parameters(String text) {
            Map<String, String> out = new LinkedHashMap<>();
            for (String word : text.trim().split("\\s+")) {
                if (word.isEmpty()) {
                    continue;
                }
                int eq = word.indexOf('=');
                if (eq <= 0 || eq == word.length() - 1) {
                    throw new IllegalArgumentException("'" + word + "' is not name=value");
                }
                String name = word.substring(0, eq);
                String value = word.substring(eq + 1);
                if (!PARAMETER_NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("'" + name + "' is not a parameter name");
                }
                if (value.contains(",")) {
                    throw new IllegalArgumentException("value of '" + name + "' must not contain a comma");
                }
                out.put(name, value);
            }
            return out.toString();
        }
    }
}
