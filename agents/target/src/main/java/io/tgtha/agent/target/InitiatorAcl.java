package io.tgtha.agent.target;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who may log in to a target, as tgtd's two ACL lists: initiator addresses and initiator names.
 *
 * <p>tgtd 1.0.85 admits a login when its address matches an address rule OR its initiator name matches
 * a name rule (measured; later tgt releases may require both); with both lists empty it admits nobody.
 * So {@code allowed_initiators} unset or empty means address {@code ALL}, as the stock agent documents
 * (and, because its shell default is "" rather than unset, never does); names alone must NOT be combined
 * with {@code ALL}, which would admit everybody.
 */
public record InitiatorAcl(List<String> addresses, List<String> names) {
    public static final String ALL = "ALL";
    private static final Pattern V4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(/(\\d{1,2}))?");
    private static final Pattern V6 = Pattern.compile("\\[[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*](/(\\d{1,3}))?");

    public InitiatorAcl {
        addresses = List.copyOf(addresses);
        names = List.copyOf(names);
    }

    public static InitiatorAcl everyone() {
        return new InitiatorAcl(List.of(ALL), List.of());
    }

    /** {@code value} is the parameter as given; null or blank means everyone. */
    public static InitiatorAcl parse(String value) {
        if (value == null || value.isBlank()) {
            return everyone();
        }
        Set<String> addresses = new LinkedHashSet<>();
        Set<String> names = new LinkedHashSet<>();
        for (String word : value.trim().split("[\\s,]+")) {
            if (word.isEmpty()) {
                continue;
            }
            if (word.equalsIgnoreCase(ALL)) {
                addresses.add(ALL);
            } else if (IscsiName.looksLikeName(word)) {
                IscsiName.problemWith(word).ifPresent(p -> {
                    throw new IllegalArgumentException("initiator '" + word + "': " + p);
                });
                names.add(word);
            } else {
                checkAddress(word);
                addresses.add(word);
            }
        }
        if (addresses.isEmpty() && names.isEmpty()) {
            addresses.add(ALL);
        }
        return new InitiatorAcl(new ArrayList<>(addresses), new ArrayList<>(names));
    }

    private static void checkAddress(String word) {
        var m = V4.matcher(word);
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
        m = V6.matcher(word);
        if (m.matches()) {
            if (m.group(2) != null && Integer.parseInt(m.group(2)) > 128) {
                throw new IllegalArgumentException("initiator address '" + word + "' has a prefix above 128");
            }
            return;
        }
        throw new IllegalArgumentException("initiator '" + word + "' is neither ALL, an IPv4 address[/prefix],"
                + " an [IPv6] address[/prefix] nor an iqn./eui./naa. initiator name");
    }

    @Override
    public String toString() {
        return "addresses " + addresses + (names.isEmpty() ? "" : ", names " + names);
    }
}
