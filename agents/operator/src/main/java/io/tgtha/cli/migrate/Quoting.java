// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.migrate;

import java.util.regex.Pattern;

/** Values as crmsh's configuration parser and a POSIX shell read them back unchanged. */
final class Quoting {
    private static final Pattern BARE = Pattern.compile("[A-Za-z0-9._:/@%+,=-]+");

    private Quoting() {
    }

    /** crmsh: bare when safe, else in double quotes with '\' and '"' escaped. */
    static String crm(String value) {
        if (BARE.matcher(value).matches()) {
            return value;
        }
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Shell: bare when safe, else in single quotes (a single quote as '\''). */
    static String shell(String value) {
        if (BARE.matcher(value).matches()) {
            return value;
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
