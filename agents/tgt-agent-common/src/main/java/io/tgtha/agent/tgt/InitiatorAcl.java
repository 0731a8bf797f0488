// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.tgt;

import io.tgtha.ocf.param.ValueCheck;
import io.tgtha.ocf.text.Text;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
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
        // trim() first: it also drops control characters at the ends, which whitespace splitting keeps
        for (String word : Text.words(value.trim(), ",")) {
            if (word.equalsIgnoreCase(ALL)) {
                addresses.add(ALL);
            } else if (IscsiName.looksLikeName(word)) {
                Optional<String> problem = IscsiName.problemWith(word);
                if (problem.isPresent()) {
                    throw new IllegalArgumentException("initiator '" + word + "': " + problem.get());
                }
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

    /** What is wrong with {@code value} as {@code allowed_initiators}, if anything. */
    public static Optional<String> problemWith(String value) {
        return ValueCheck.parsedBy(InitiatorAcl::parse).problemWith(value);
    }

    private static final Pattern V4 = Pattern.compile("(" + AddressSyntax.IPV4 + ")(?:/(\\d{1,2}))?");
    private static final Pattern V6 = Pattern.compile(AddressSyntax.BRACKETED_IPV6 + "(?:/(\\d{1,3}))?");

    /** {@code IPv4[/0-32]} (1-3 digits per octet) or {@code [IPv6][/0-128]}, as tgtd's initiator-address takes them. */
    private static void checkAddress(String word) {
        Matcher m = V4.matcher(word);
        if (m.matches()) {
            if (AddressSyntax.octetAbove255(m.group(1)) != null) {
                throw new IllegalArgumentException("initiator address '" + word + "' has an octet above 255");
            }
            if (m.group(2) != null && Integer.parseInt(m.group(2)) > 32) {
                throw new IllegalArgumentException("initiator address '" + word + "' has a prefix above 32");
            }
            return;
        }
        m = V6.matcher(word);
        if (m.matches()) {
            if (m.group(1) != null && Integer.parseInt(m.group(1)) > 128) {
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
