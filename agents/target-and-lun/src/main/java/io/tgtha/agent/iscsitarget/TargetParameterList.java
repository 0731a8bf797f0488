// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.iscsitarget;

import io.tgtha.ocf.param.ValueCheck;
import io.tgtha.ocf.text.Text;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code additional_parameters}: space-separated {@code name=value} pairs passed to tgtd one by one,
 * as the stock agents do. Neither part may contain whitespace or a comma (tgtd's request format is a
 * comma-separated key=value list).
 */
public final class TargetParameterList {
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    private TargetParameterList() {
    }

    public static Map<String, String> parse(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null) {
            return out;
        }
        // trim() first: it also drops control characters at the ends, which whitespace splitting keeps
        for (String word : Text.words(text.trim())) {
            int eq = word.indexOf('=');
            if (eq <= 0 || eq == word.length() - 1) {
                throw new IllegalArgumentException("'" + word + "' is not name=value");
            }
            String name = word.substring(0, eq);
            String value = word.substring(eq + 1);
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + name + "' is not a parameter name");
            }
            if (value.contains(",")) {
                throw new IllegalArgumentException("value of '" + name + "' must not contain a comma");
            }
            out.put(name, value);
        }
        return out;
    }

    public static Optional<String> problemWith(String text) {
        return ValueCheck.parsedBy(TargetParameterList::parse).problemWith(text);
    }
}
