// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import io.tgtha.process.AsciiSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code show --mode lld} (usr/target.c, lld_show): "LLDs:", then per driver "    NAME: STATE" and
 * its targets as "        Target TID: NAME". Only root writes these names (tgtadm --op new), so a line
 * that does not have this shape is a protocol error, never skipped.
 */
final class TargetNameList {
    private static final String ENTRY = "        Target ";

    private TargetNameList() {
    }

    static List<TargetName> parse(String text) {
        List<TargetName> names = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.startsWith(ENTRY)) {
                continue; // "LLDs:" and the driver lines
            }
            int colon = line.indexOf(": ", ENTRY.length());
            String tid = colon < 0 ? "" : line.substring(ENTRY.length(), colon);
            if (tid.isEmpty() || tid.length() > 10 || !AsciiSet.DIGITS.matchesAll(tid)
                    || Long.parseLong(tid) > Integer.MAX_VALUE || colon + 2 >= line.length()) {
                throw new TgtProtocolException("list targets", "unexpected line in tgtd's LLD list: "
                        + Printable.of(line), null);
            }
            names.add(new TargetName(Integer.parseInt(tid), line.substring(colon + 2)));
        }
        return List.copyOf(names);
    }
}
