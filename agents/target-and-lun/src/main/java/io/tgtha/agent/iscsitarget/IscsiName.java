package io.tgtha.agent.iscsitarget;

import io.tgtha.ocf.text.AsciiSet;
import io.tgtha.ocf.text.Text;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * iSCSI names (RFC 3720 section 3.2.6.3, RFC 3721): {@code iqn.YYYY-MM.reversed.domain[:anything]},
 * {@code eui.} plus 16 hex digits, {@code naa.} plus 16 or 32 hex digits. At most 223 bytes. tgtd
 * itself accepts only letters, digits, '.', '-' and ':' in a target name, so the part after the
 * colon is held to that too. Names are compared exactly (never as a pattern): the stock agents'
 * {@code grep "Target [0-9]+: $iqn"} let {@code iqn.x:t1} match {@code iqn.x:t10}.
 */
public final class IscsiName {
    private static final int MAX_BYTES = 223;
    private static final AsciiSet ALNUM = AsciiSet.of("A-Za-z0-9");
    private static final AsciiSet LABEL = AsciiSet.of("A-Za-z0-9-");
    private static final AsciiSet IDENTIFIER = AsciiSet.of("A-Za-z0-9.:-");
    private static final AsciiSet HEX = AsciiSet.of("0-9A-Fa-f");
    /** "iqn.YYYY-MM.": where the reversed domain starts. */
    private static final int IQN_DOMAIN = 12;

    private IscsiName() {
    }

    /** Why {@code name} is not a valid iSCSI name for tgt, or empty when it is. */
    public static Optional<String> problemWith(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("an iSCSI name must not be empty");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return Optional.of("an iSCSI name is at most " + MAX_BYTES + " bytes long");
        }
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("iqn.")) {
            // exactly iqn\.(\d{4})-(\d{2})\.LABEL(\.LABEL)*(:[A-Za-z0-9.:-]*)? with LABEL letters, digits and
            // inner '-'; the type designator must be lower case there, so "IQN." is "not an IQN"
            if (!isIqn(name)) {
                return Optional.of("not an IQN: expected iqn.YYYY-MM.reversed.domain[:identifier] with only letters,"
                        + " digits, '.', '-' and ':'");
            }
            String year = name.substring(4, 8);
            String monthDigits = name.substring(9, 11);
            int month = Integer.parseInt(monthDigits);
            if (month < 1 || month > 12) {
                return Optional.of("IQN date " + year + "-" + monthDigits + " has no valid month");
            }
            return Optional.empty();
        }
        if (lower.startsWith("eui.")) {
            return name.startsWith("eui.") && name.length() == 4 + 16 && HEX.matchesAll(name.substring(4))
                    ? Optional.empty()
                    : Optional.of("not an EUI name: expected eui. followed by 16 hex digits");
        }
        if (lower.startsWith("naa.")) {
            int digits = name.length() - 4;
            return name.startsWith("naa.") && (digits == 16 || digits == 32) && HEX.matchesAll(name.substring(4))
                    ? Optional.empty()
                    : Optional.of("not an NAA name: expected naa. followed by 16 or 32 hex digits");
        }
        return Optional.of("an iSCSI name starts with iqn., eui. or naa.");
    }

    /** The IQN syntax (month range aside): "iqn." YYYY "-" MM "." domain labels, then ":" identifier or nothing. */
    private static boolean isIqn(String name) {
        if (name.length() <= IQN_DOMAIN || !name.startsWith("iqn.") || !Text.isDigits(name.substring(4, 8), 4, 4)
                || name.charAt(8) != '-' || !Text.isDigits(name.substring(9, 11), 2, 2) || name.charAt(11) != '.') {
            return false;
        }
        int colon = name.indexOf(':', IQN_DOMAIN);
        int domainEnd = colon < 0 ? name.length() : colon;
        int labelStart = IQN_DOMAIN;
        for (int i = IQN_DOMAIN; i <= domainEnd; i++) {
            if (i == domainEnd || name.charAt(i) == '.') {
                if (!isDomainLabel(name, labelStart, i)) {
                    return false;
                }
                labelStart = i + 1;
            }
        }
        // the identifier may be empty ("iqn.2024-01.com.example:" is an IQN) and contain more colons
        return colon < 0 || colon == name.length() - 1 || IDENTIFIER.matchesAll(name.substring(colon + 1));
    }

    /** {@code [A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?}: letters, digits and '-', not first or last. */
    private static boolean isDomainLabel(String name, int start, int end) {
        if (end <= start || !ALNUM.contains(name.charAt(start)) || !ALNUM.contains(name.charAt(end - 1))) {
            return false;
        }
        for (int i = start + 1; i < end - 1; i++) {
            if (!LABEL.contains(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    public static boolean isValid(String name) {
        return problemWith(name).isEmpty();
    }

    /**
     * Upper case is legal on the wire only after stringprep normalisation, which maps it to lower case;
     * tgtd compares names byte for byte, so an initiator that normalises will not find the target.
     */
    public static boolean hasUpperCase(String name) {
        return !name.equals(name.toLowerCase(java.util.Locale.ROOT));
    }

    /** True for strings that look like an iSCSI name rather than an address (for allowed_initiators). */
    public static boolean looksLikeName(String s) {
        String lower = s.toLowerCase(java.util.Locale.ROOT);
        return lower.startsWith("iqn.") || lower.startsWith("eui.") || lower.startsWith("naa.");
    }
}
