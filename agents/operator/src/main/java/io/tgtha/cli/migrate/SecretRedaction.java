// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.migrate;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Takes the CHAP secrets out of what Pacemaker's tools said: cibadmin and crm_verify are handed the whole
 * configuration, secrets included, on stdin, and their complaints may quote it back. Every secret the CIB holds is
 * replaced wherever it stands, and the value of any password nvpair besides (a secret the CIB did not hold when it
 * was read).
 */
final class SecretRedaction {
    static final String HIDDEN = "(secret hidden)";
    private static final Pattern PASSWORD_NVPAIR =
            Pattern.compile("(<nvpair\\b[^>]*?\\bname=\"[^\"]*password[^\"]*\"[^>]*?\\bvalue=\")[^\"]*\"");
    private static final Pattern PASSWORD_NVPAIR_VALUE_FIRST =
            Pattern.compile("(<nvpair\\b[^>]*?\\bvalue=\")[^\"]*(\"[^>]*?\\bname=\"[^\"]*password)");

    private final List<String> secrets;

    private SecretRedaction(List<String> secrets) {
        this.secrets = secrets;
    }

    /** The values of every parameter whose name holds "password", longest first (one may contain another). */
    static SecretRedaction of(CibConfiguration cib) {
        return new SecretRedaction(cib.primitives().stream().flatMap(p -> p.params().entrySet().stream())
                .filter(e -> e.getKey().contains("password") && !e.getValue().isEmpty()).map(Map.Entry::getValue)
                .distinct().sorted(Comparator.comparingInt(String::length).reversed()).toList());
    }

    String apply(String text) {
        if (text == null) {
            return null;
        }
        String out = PASSWORD_NVPAIR.matcher(text).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(
                m.group(1) + HIDDEN + "\""));
        out = PASSWORD_NVPAIR_VALUE_FIRST.matcher(out).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(
                m.group(1) + HIDDEN + m.group(2)));
        for (String secret : secrets) {
            out = out.replace(secret, HIDDEN);
        }
        return out;
    }
}
