// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.param;

import io.tgtha.ocf.OcfEnvironment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resource parameters an agent does not know: a typo such as {@code allowed_intiators} was ignored without a
 * word and the ACL became ALL. Warned about in validate-all and start, with the nearest known name; the
 * replaced stock agent's parameters that mean nothing here are named as ignored, with why.
 */
public final class UnknownParameters {
    /** Pacemaker's own (CRM_meta_*) and the OCF tracing ones every agent accepts. */
    private static final Set<String> EVERY_AGENT = Set.of("trace_ra", "trace_file", "trace_dir");

    private UnknownParameters() {
    }

    public static List<String> warnings(OcfEnvironment env, List<ParameterSpec> declared, Map<String, String> ignored) {
        List<String> known = new ArrayList<>();
        for (ParameterSpec p : declared) {
            known.add(p.name());
            known.addAll(p.deprecatedNames());
        }
        List<String> warnings = new ArrayList<>();
        for (String name : env.reskeyNames()) {
            if (name.startsWith("CRM_meta_") || EVERY_AGENT.contains(name) || known.contains(name)) {
                continue;
            }
            if (ignored.containsKey(name)) {
                warnings.add("parameter '" + name + "' is ignored: " + ignored.get(name));
                continue;
            }
            String nearest = nearest(name, known);
            warnings.add("unknown parameter '" + name + "' is ignored" + (nearest == null ? ""
                    : " (did you mean " + nearest + "?)"));
        }
        return warnings;
    }

    /** The known name within a few edits of {@code name} (a typo), or null. */
    static String nearest(String name, List<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(name.toLowerCase(), k.toLowerCase());
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return bestDistance <= Math.max(2, name.length() / 4) ? best : null;
    }

    /** Levenshtein distance, adjacent transpositions counting as one edit. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
