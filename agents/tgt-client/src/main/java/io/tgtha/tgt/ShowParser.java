// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import io.tgtha.process.AsciiSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses tgtd's human-readable show output other than the targets' (system, accounts, connections,
 * parameters; formats of usr/target.c, usr/iscsi/target.c, 1.0.x), and the line shapes the target reader
 * shares. {@code show --mode target} itself is read by {@link TargetShowReader}, which no initiator's text
 * can steer. The line shapes are hand-written checks of the pattern named in each method's comment;
 * ShowParserLineShapesMatchTheirPatternsTest pins them to those patterns.
 */
final class ShowParser {
    private static final String SIZE = "Size: ";
    private static final AsciiSet IPV6_CHARS = AsciiSet.of("0-9A-Fa-f:.");
    private static final String BLOCK_SIZE = " MB, Block size: ";

    private ShowParser() {
    }

    static boolean isAddressRule(String rule) {
        return rule.equals("ALL") || isIpv4Rule(rule) || isIpv6Rule(rule);
    }

    /** {@code ^\d{1,3}(\.\d{1,3}){3}(/\d{1,2})?$}. */
    static boolean isIpv4Rule(String s) {
        int i = 0;
        for (int part = 0; part < 4; part++) {
            if (part > 0) {
                if (i >= s.length() || s.charAt(i) != '.') {
                    return false;
                }
                i++;
            }
            int end = AsciiSet.DIGITS.runEnd(s, i);
            if (end == i || end - i > 3) {
                return false;
            }
            i = end;
        }
        return isOptionalPrefixLength(s, i, 2);
    }

    /**
     * {@code ^(\[[0-9A-Fa-f:.]+\]|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)(/\d{1,3})?$}. Neither '[', ']' nor '/' is
     * in the class, so each run must be the longest one: no backtracking to emulate.
     */
    static boolean isIpv6Rule(String s) {
        int i;
        if (!s.isEmpty() && s.charAt(0) == '[') {
            i = IPV6_CHARS.runEnd(s, 1);
            if (i == 1 || i >= s.length() || s.charAt(i) != ']') {
                return false;
            }
            i++;
        } else {
            i = IPV6_CHARS.runEnd(s, 0);
            if (s.lastIndexOf(':', i - 1) < 0) {
                return false;
            }
        }
        return isOptionalPrefixLength(s, i, 3);
    }

    /** Dotted quad, each part 0-255, no prefix: an address as tgtd prints a peer. */
    static boolean isIpv4Address(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (!AsciiSet.DIGITS.matchesAll(p, 1, 3) || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    /** Hex digits, ':' and '.' with at least two ':' (and an optional %zone of letters and digits), no prefix. */
    static boolean isBareIpv6Address(String s) {
        int zone = s.indexOf('%');
        String addr = zone < 0 ? s : s.substring(0, zone);
        if (zone >= 0) {
            String z = s.substring(zone + 1);
            if (z.isEmpty() || z.length() > 15) {
                return false;
            }
            for (int i = 0; i < z.length(); i++) {
                if (!Character.isLetterOrDigit(z.charAt(i))) {
                    return false;
                }
            }
        }
        if (addr.length() < 2 || addr.length() > 45 || addr.indexOf(':') == addr.lastIndexOf(':')) {
            return false;
        }
        return IPV6_CHARS.runEnd(addr, 0) == addr.length();
    }

    /** regex {@code (/\d{1,max})?} for all of {@code s} from {@code from} to its end (a prefix length). */
    static boolean isOptionalPrefixLength(String s, int from, int max) {
        return from == s.length() || (s.charAt(from) == '/' && AsciiSet.DIGITS.matchesFrom(s, from + 1, 1, max));
    }

    /** {@code ^Size: (\d+) MB, Block size: (\d+)$}: {size in MB, block size}, or null. */
    static String[] size(String line) {
        if (!line.startsWith(SIZE)) {
            return null;
        }
        int mbEnd = AsciiSet.DIGITS.runEnd(line, SIZE.length());
        if (mbEnd == SIZE.length() || !line.startsWith(BLOCK_SIZE, mbEnd)) {
            return null;
        }
        int blockStart = mbEnd + BLOCK_SIZE.length();
        return AsciiSet.DIGITS.matchesFrom(line, blockStart, 1, Integer.MAX_VALUE)
                ? new String[] {line.substring(SIZE.length(), mbEnd), line.substring(blockStart)} : null;
    }

    /** "Key: value" split at the first ": " (values such as SCSI IDs may contain spaces and colons). */
    private static String[] keyValue(String line) {
        int i = line.indexOf(": ");
        if (i < 0) {
            return line.endsWith(":") ? new String[] {line.substring(0, line.length() - 1), ""}
                    : new String[] {line, ""};
        }
        return new String[] {line.substring(0, i), line.substring(i + 2)};
    }

    static List<String> parseAccounts(String text) {
        List<String> users = new ArrayList<>();
        for (String raw : lines(text)) {
            String line = raw.trim();
            if (!line.isEmpty() && !line.equals("Account list:")) {
                users.add(line);
            }
        }
        return users;
    }

    static SystemInfo parseSystem(String text, TgtVersion version) {
        String state = null;
        boolean debug = false;
        Map<String, String> llds = new LinkedHashMap<>();
        List<String> stores = new ArrayList<>();
        List<String> types = new ArrayList<>();
        String section = "";
        for (String raw : lines(text)) {
            String line = raw.trim();
            if (line.isEmpty()) {
                continue;
            }
            if (!Character.isWhitespace(raw.charAt(0)) && line.endsWith(":")) {
                section = line;
                continue;
            }
            switch (section) {
                case "System:" -> {
                    String[] kv = keyValue(line);
                    if (kv[0].equals("State")) {
                        state = kv[1];
                    } else if (kv[0].equals("debug")) {
                        debug = kv[1].equals("on");
                    }
                }
                case "LLDs:" -> {
                    String[] kv = keyValue(line);
                    llds.put(kv[0], kv[1]);
                }
                case "Backing stores:" -> stores.add(line.split(" ")[0]);
                case "Device types:" -> {
                    // 1.0.85 prints discovery accounts indented under "Device types:"
                    if (line.equals("Account information:")) {
                        section = line;
                    } else {
                        types.add(line);
                    }
                }
                default -> { } // iSNS, discovery accounts etc.
            }
        }
        return new SystemInfo(state, debug, llds, stores, types, version);
    }

    /**
     * Discovery (GLOBAL_TID) accounts from {@code show --mode system}: the lines after an indented
     * "Account information:" (1.0.85 prints it as the last entry of "Device types:", followed by an empty
     * line) up to the next unindented section heading; "NAME (outgoing)" is the outgoing one.
     */
    static DiscoveryAccounts parseDiscoveryAccounts(String text) {
        List<String> incoming = new ArrayList<>();
        String outgoing = null;
        boolean inAccounts = false;
        for (String raw : lines(text)) {
            String line = raw.trim();
            if (line.isEmpty()) {
                continue;
            }
            if (!Character.isWhitespace(raw.charAt(0))) {
                inAccounts = false;
                continue;
            }
            if (line.equals("Account information:")) {
                inAccounts = true;
                continue;
            }
            if (inAccounts) {
                if (line.endsWith(" (outgoing)")) {
                    outgoing = line.substring(0, line.length() - " (outgoing)".length());
                } else {
                    incoming.add(line);
                }
            }
        }
        return new DiscoveryAccounts(incoming, outgoing);
    }

    /**
     * {@code show --mode conn --tid N}. The initiator name is the initiator's own text and may hold line
     * breaks, so a line it adds may look like a session, a connection or an address: numbers that do not
     * fit are skipped (never an exception), and every entry is only ever used for requests on this same
     * tid, where a forged sid or cid can name nothing but this target's own sessions.
     */
    static List<SessionConnection> parseConnections(String text) {
        List<SessionConnection> result = new ArrayList<>();
        long sid = -1;
        int cid = -1;
        String initiator = null;
        for (String raw : lines(text)) {
            String line = raw.trim();
            String[] kv = keyValue(line);
            switch (kv[0]) {
                case "Session" -> sid = AsciiSet.DIGITS.matchesAll(kv[1], 1, 9) ? Long.parseLong(kv[1]) : -1;
                case "Connection" -> cid = AsciiSet.DIGITS.matchesAll(kv[1], 1, 5) ? Integer.parseInt(kv[1]) : -1;
                case "Initiator" -> initiator = kv[1];
                case "IP Address", "RDMA IP Address" -> {
                    if (sid >= 0 && cid >= 0) {
                        result.add(new SessionConnection(sid, cid, initiator, kv[1]));
                    }
                }
                default -> { }
            }
        }
        return result;
    }

    static Map<String, String> parseParams(String text) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String raw : lines(text)) {
            int i = raw.indexOf('=');
            if (i > 0) {
                params.put(raw.substring(0, i).trim(), raw.substring(i + 1).trim());
            }
        }
        return params;
    }

    private static String[] lines(String text) {
        return text == null ? new String[0] : text.split("\n");
    }
}
