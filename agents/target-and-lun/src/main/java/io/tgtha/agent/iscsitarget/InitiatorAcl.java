package io.tgtha.agent.iscsitarget;

import io.tgtha.ocf.text.Text;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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
        try {
            parse(value);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** {@code IPv4[/0-32]} (1-3 digits per octet) or {@code [IPv6][/0-128]}, as tgtd's initiator-address takes them. */
    private static void checkAddress(String word) {
        int end = AddressSyntax.dottedQuadEnd(word);
        if (end > 0 && AddressSyntax.isNumberSuffix(word, end, '/', 2)) {
            for (String octet : word.substring(0, end).split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    throw new IllegalArgumentException("initiator address '" + word + "' has an octet above 255");
                }
            }
            String prefix = AddressSyntax.numberSuffix(word, end);
            if (prefix != null && Integer.parseInt(prefix) > 32) {
                throw new IllegalArgumentException("initiator address '" + word + "' has a prefix above 32");
            }
            return;
        }
        end = AddressSyntax.bracketedV6End(word);
        if (end > 0 && AddressSyntax.isNumberSuffix(word, end, '/', 3)) {
            String prefix = AddressSyntax.numberSuffix(word, end);
            if (prefix != null && Integer.parseInt(prefix) > 128) {
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
