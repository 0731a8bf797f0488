// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.tgt;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * iSCSI names (RFC 3720 section 3.2.6.3, RFC 3721): {@code iqn.YYYY-MM.reversed.domain[:anything]},
 * {@code eui.} plus 16 hex digits, {@code naa.} plus 16 or 32 hex digits. At most 223 bytes. tgtd
 * itself accepts only letters, digits, '.', '-' and ':' in a target name, so the part after the
 * colon is held to that too. Names are compared exactly (never as a pattern): the stock agents'
 * {@code grep "Target [0-9]+: $iqn"} let {@code iqn.x:t1} match {@code iqn.x:t10}.
 */
public final class IscsiName {
    private static final int MAX_BYTES = 223;
    private static final String LABEL = "[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?";
    /** The IQN syntax, the month's range aside; only the lower-case type designator. */
    private static final Pattern IQN = Pattern.compile("iqn\\.(\\d{4})-(\\d{2})\\." + LABEL + "(\\." + LABEL + ")*"
            + "(:[A-Za-z0-9.:-]*)?");
    private static final Pattern EUI = Pattern.compile("eui\\.[0-9A-Fa-f]{16}");
    private static final Pattern NAA = Pattern.compile("naa\\.([0-9A-Fa-f]{16}|[0-9A-Fa-f]{32})");

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
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("iqn.")) {
            Matcher m = IQN.matcher(name);
            if (!m.matches()) {
                return Optional.of("not an IQN: expected iqn.YYYY-MM.reversed.domain[:identifier] with only letters,"
                        + " digits, '.', '-' and ':'");
            }
            int month = Integer.parseInt(m.group(2));
            return month >= 1 && month <= 12 ? Optional.empty()
                    : Optional.of("IQN date " + m.group(1) + "-" + m.group(2) + " has no valid month");
        }
        if (lower.startsWith("eui.")) {
            return EUI.matcher(name).matches() ? Optional.empty()
                    : Optional.of("not an EUI name: expected eui. followed by 16 hex digits");
        }
        if (lower.startsWith("naa.")) {
            return NAA.matcher(name).matches() ? Optional.empty()
                    : Optional.of("not an NAA name: expected naa. followed by 16 or 32 hex digits");
        }
        return Optional.of("an iSCSI name starts with iqn., eui. or naa.");
    }

    /**
     * Upper case is legal on the wire only after stringprep normalisation, which maps it to lower case;
     * tgtd compares names byte for byte, so an initiator that normalises will not find the target.
     */
    public static boolean hasUpperCase(String name) {
        return !name.equals(name.toLowerCase(Locale.ROOT));
    }

    /** True for strings that look like an iSCSI name rather than an address (for allowed_initiators). */
    public static boolean looksLikeName(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        return lower.startsWith("iqn.") || lower.startsWith("eui.") || lower.startsWith("naa.");
    }
}
