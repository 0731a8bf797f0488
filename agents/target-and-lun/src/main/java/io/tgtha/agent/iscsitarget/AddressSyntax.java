package io.tgtha.agent.iscsitarget;

import io.tgtha.ocf.text.AsciiSet;
import io.tgtha.ocf.text.Text;

/**
 * The address shapes {@link Portal} and {@link InitiatorAcl} accept (each method names the regular
 * expression it answers for). Syntax only: the callers check the numbers' ranges and write the messages.
 */
final class AddressSyntax {
    private static final AsciiSet V6_CHARS = AsciiSet.of("0-9A-Fa-f:.");

    private AddressSyntax() {
    }

    /**
     * Where a dotted quad at the start of {@code s} ends ({@code \d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}},
     * ASCII digits), or -1 when {@code s} does not start with one. A fourth run of more than three
     * digits is no dotted quad (the regular expression could not have continued after it either).
     */
    static int dottedQuadEnd(String s) {
        int i = 0;
        for (int octet = 0; octet < 4; octet++) {
            if (octet > 0) {
                if (i >= s.length() || s.charAt(i) != '.') {
                    return -1;
                }
                i++;
            }
            int start = i;
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            if (i == start || i - start > 3) {
                return -1;
            }
        }
        return i;
    }

    /**
     * Where a bracketed IPv6 address at the start of {@code s} ends (just after its ']'), or -1: '['
     * then hex digits, ':' and '.' with at least one ':' among them, then ']'
     * ({@code \[[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*]}).
     */
    static int bracketedV6End(String s) {
        if (s.isEmpty() || s.charAt(0) != '[') {
            return -1;
        }
        int close = s.indexOf(']');
        if (close < 0) {
            return -1;
        }
        String inside = s.substring(1, close);
        if (!V6_CHARS.matchesAll(inside) || inside.indexOf(':') < 0) {
            return -1;
        }
        return close + 1;
    }

    /**
     * Whether {@code s} from {@code from} on is nothing, or {@code separator} followed by 1 to
     * {@code maxDigits} ASCII digits up to its end ({@code (?:SEP(\d{1,max}))?} at the end of a match).
     */
    static boolean isNumberSuffix(String s, int from, char separator, int maxDigits) {
        if (from == s.length()) {
            return true;
        }
        return s.charAt(from) == separator && Text.isDigits(s.substring(from + 1), 1, maxDigits);
    }

    /** The digits of a suffix {@link #isNumberSuffix} accepted, or null when there is none. */
    static String numberSuffix(String s, int from) {
        return from == s.length() ? null : s.substring(from + 1);
    }
}
