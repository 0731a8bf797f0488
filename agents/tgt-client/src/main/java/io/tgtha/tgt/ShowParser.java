package io.tgtha.tgt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses tgtd's human-readable show output (formats of usr/target.c, usr/iscsi/target.c,
 * usr/iscsi/session.c, 1.0.x). Keyed on section headings and trimmed lines, not on indentation width.
 */
final class ShowParser {
    // The line shapes below were regular expressions (named in each method's comment); they are plain
    // loops because every agent operation is a fresh JVM, where the first java.util.regex.Pattern alone
    // costs ~2.7 ms. ShowParserLineShapesMatchTheOldRegexesTest pins them to the old patterns.
    private static final String TARGET = "Target ";
    private static final String NEXUS = "I_T nexus: ";
    private static final String INITIATOR = "Initiator: ";
    private static final String ALIAS = " alias: ";
    private static final String CONNECTION = "Connection: ";
    private static final String RDMA = "RDMA ";
    private static final String ADDRESS = "IP Address: ";
    private static final String LUN = "LUN: ";
    private static final String SIZE = "Size: ";
    private static final String BLOCK_SIZE = " MB, Block size: ";

    private ShowParser() {
    }

    private enum Section { NONE, SYSTEM, NEXUS, LUN, ACCOUNT, ACL }

    static List<Target> parseTargets(String text) {
        List<Target> targets = new ArrayList<>();
        TargetBuilder t = null;
        Section section = Section.NONE;
        for (String raw : lines(text)) {
            String line = raw.trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] heading = targetHeading(raw);
            if (heading != null) {
                if (t != null) {
                    targets.add(t.build());
                }
                t = new TargetBuilder(Integer.parseInt(heading[0]), heading[1]);
                section = Section.NONE;
                continue;
            }
            if (t == null) {
                throw new IllegalArgumentException("target show output does not start with 'Target N: IQN': " + raw);
            }
            switch (line) {
                case "System information:" -> section = Section.SYSTEM;
                case "I_T nexus information:" -> section = Section.NEXUS;
                case "LUN information:" -> section = Section.LUN;
                case "Account information:" -> section = Section.ACCOUNT;
                case "ACL information:" -> section = Section.ACL;
                default -> t.line(section, line);
            }
        }
        if (t != null) {
            targets.add(t.build());
        }
        return targets;
    }

    private static final class TargetBuilder {
        final int tid;
        final String iqn;
        String driver;
        TargetState state;
        Integer nopInterval;
        Integer nopCount;
        final List<NexusBuilder> nexuses = new ArrayList<>();
        final List<Map<String, String>> luns = new ArrayList<>();
        final List<String> incoming = new ArrayList<>();
        String outgoing;
        final List<String> aclAddresses = new ArrayList<>();
        final List<String> aclNames = new ArrayList<>();

        TargetBuilder(int tid, String iqn) {
            this.tid = tid;
            this.iqn = iqn;
        }

        void line(Section section, String line) {
            switch (section) {
                case SYSTEM -> {
                    String[] kv = keyValue(line);
                    switch (kv[0]) {
                        case "Driver" -> driver = kv[1];
                        case "State" -> state = TargetState.fromTgtName(kv[1]);
                        case "Nop interval" -> nopInterval = Integer.parseInt(kv[1]);
                        case "Nop count" -> nopCount = Integer.parseInt(kv[1]);
                        default -> { } // newer tgtd may add lines; ignore
                    }
                }
                case NEXUS -> nexusLine(line);
                case LUN -> {
                    String number = digitsAfter(line, LUN);
                    if (number != null) {
                        Map<String, String> lun = new LinkedHashMap<>();
                        lun.put("LUN", number);
                        luns.add(lun);
                    } else if (!luns.isEmpty()) {
                        String[] size = size(line);
                        if (size != null) {
                            luns.get(luns.size() - 1).put("SizeMB", size[0]);
                            luns.get(luns.size() - 1).put("Block size", size[1]);
                        } else {
                            String[] kv = keyValue(line);
                            luns.get(luns.size() - 1).put(kv[0], kv[1]);
                        }
                    }
                }
                case ACCOUNT -> {
                    if (line.endsWith(" (outgoing)")) {
                        outgoing = line.substring(0, line.length() - " (outgoing)".length());
                    } else {
                        incoming.add(line);
                    }
                }
                case ACL -> {
                    // tgtd prints address rules first, then name rules, with nothing to tell them apart
                    if (isAddressRule(line)) {
                        aclAddresses.add(line);
                    } else {
                        aclNames.add(line);
                    }
                }
                case NONE -> throw new IllegalArgumentException("unexpected line outside any section: " + line);
            }
        }

        void nexusLine(String line) {
            String id = digitsAfter(line, NEXUS);
            if (id != null) {
                nexuses.add(new NexusBuilder(Long.parseLong(id)));
                return;
            }
            if (nexuses.isEmpty()) {
                return;
            }
            NexusBuilder n = nexuses.get(nexuses.size() - 1);
            String[] initiator;
            String cid;
            String address;
            if ((initiator = initiator(line)) != null) {
                n.initiator = initiator[0];
                n.alias = initiator[1] == null || initiator[1].equals("none") ? null : initiator[1];
            } else if ((cid = digitsAfter(line, CONNECTION)) != null) {
                n.cids.add(Integer.parseInt(cid));
                n.addresses.add(null);
            } else if ((address = ipAddress(line)) != null && !n.addresses.isEmpty()) {
                n.addresses.set(n.addresses.size() - 1, address);
            }
        }

        Target build() {
            // loops, not streams: agents parse this in every monitor, in a JVM that lives ~50 ms, where a
            // first stream and each method reference's first call cost measurable start-up time
            List<ItNexus> its = new ArrayList<>(nexuses.size());
            for (NexusBuilder n : nexuses) {
                its.add(n.build());
            }
            List<Lun> lus = new ArrayList<>(luns.size());
            for (Map<String, String> lun : luns) {
                lus.add(lun(lun));
            }
            return new Target(tid, iqn, state, driver, nopInterval, nopCount, its, lus, incoming, outgoing,
                    aclAddresses, aclNames);
        }
    }

    private static final class NexusBuilder {
        final long id;
        String initiator;
        String alias;
        final List<Integer> cids = new ArrayList<>();
        final List<String> addresses = new ArrayList<>();

        NexusBuilder(long id) {
            this.id = id;
        }

        ItNexus build() {
            List<IscsiConnection> conns = new ArrayList<>();
            for (int i = 0; i < cids.size(); i++) {
                conns.add(new IscsiConnection(cids.get(i), addresses.get(i)));
            }
            return new ItNexus(id, initiator, alias, conns);
        }
    }

    private static Lun lun(Map<String, String> f) {
        String path = f.getOrDefault("Backing store path", "None");
        return new Lun(Long.parseLong(f.get("LUN")), f.get("Type"), f.get("SCSI ID"), f.get("SCSI SN"),
                Long.parseLong(f.getOrDefault("SizeMB", "0")), Integer.parseInt(f.getOrDefault("Block size", "0")),
                yes(f.get("Online")), yes(f.get("Removable media")), yes(f.get("Prevent removal")),
                yes(f.get("Readonly")), yes(f.get("SWP")), yes(f.get("Thin-provisioning")),
                f.get("Backing store type"), "None".equals(path) ? null : path,
                f.getOrDefault("Backing store flags", ""));
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
            int end = AsciiChars.digitsEnd(s, i);
            if (end == i || end - i > 3) {
                return false;
            }
            i = end;
        }
        return AsciiChars.isOptionalPrefixLength(s, i, 2);
    }

    /**
     * {@code ^(\[[0-9A-Fa-f:.]+\]|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)(/\d{1,3})?$}. Neither '[', ']' nor '/' is
     * in the class, so each run must be the longest one: no backtracking to emulate.
     */
    static boolean isIpv6Rule(String s) {
        int i;
        if (!s.isEmpty() && s.charAt(0) == '[') {
            i = ipv6RunEnd(s, 1);
            if (i == 1 || i >= s.length() || s.charAt(i) != ']') {
                return false;
            }
            i++;
        } else {
            i = ipv6RunEnd(s, 0);
            if (s.lastIndexOf(':', i - 1) < 0) {
                return false;
            }
        }
        return AsciiChars.isOptionalPrefixLength(s, i, 3);
    }

    private static int ipv6RunEnd(String s, int from) {
        int i = from;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (!AsciiChars.isHexDigit(c) && c != ':' && c != '.') {
                break;
            }
            i++;
        }
        return i;
    }

    /** {@code ^Target (\d+): (\S+)\s*$} on the untrimmed line: {tid digits, iqn}, or null. */
    static String[] targetHeading(String raw) {
        if (!raw.startsWith(TARGET)) {
            return null;
        }
        int digitsEnd = AsciiChars.digitsEnd(raw, TARGET.length());
        if (digitsEnd == TARGET.length() || !raw.startsWith(": ", digitsEnd)) {
            return null;
        }
        int nameStart = digitsEnd + 2;
        int nameEnd = AsciiChars.nonSpaceEnd(raw, nameStart);
        if (nameEnd == nameStart) {
            return null;
        }
        for (int i = nameEnd; i < raw.length(); i++) {
            if (!AsciiChars.isSpace(raw.charAt(i))) {
                return null;
            }
        }
        return new String[] {raw.substring(TARGET.length(), digitsEnd), raw.substring(nameStart, nameEnd)};
    }

    /** {@code ^PREFIX(\d+)$} (I_T nexus, Connection, LUN): the digits, or null. */
    static String digitsAfter(String line, String prefix) {
        return line.startsWith(prefix) && AsciiChars.isDigitsToEnd(line, prefix.length(), Integer.MAX_VALUE)
                ? line.substring(prefix.length()) : null;
    }

    /** {@code ^Size: (\d+) MB, Block size: (\d+)$}: {size in MB, block size}, or null. */
    static String[] size(String line) {
        if (!line.startsWith(SIZE)) {
            return null;
        }
        int mbEnd = AsciiChars.digitsEnd(line, SIZE.length());
        if (mbEnd == SIZE.length() || !line.startsWith(BLOCK_SIZE, mbEnd)) {
            return null;
        }
        int blockStart = mbEnd + BLOCK_SIZE.length();
        return AsciiChars.isDigitsToEnd(line, blockStart, Integer.MAX_VALUE)
                ? new String[] {line.substring(SIZE.length(), mbEnd), line.substring(blockStart)} : null;
    }

    /**
     * {@code ^Initiator: (\S+)(?: alias: (.*))?$}: {initiator, alias or null}, or null. The name ends at the
     * first {@code \s}; then either the line ends or " alias: " follows, and the alias holds no line
     * terminator (what {@code .} refuses).
     */
    static String[] initiator(String line) {
        if (!line.startsWith(INITIATOR)) {
            return null;
        }
        int nameEnd = AsciiChars.nonSpaceEnd(line, INITIATOR.length());
        if (nameEnd == INITIATOR.length()) {
            return null;
        }
        String name = line.substring(INITIATOR.length(), nameEnd);
        if (nameEnd == line.length()) {
            return new String[] {name, null};
        }
        if (!line.startsWith(ALIAS, nameEnd)) {
            return null;
        }
        int aliasStart = nameEnd + ALIAS.length();
        for (int i = aliasStart; i < line.length(); i++) {
            if (AsciiChars.isLineTerminator(line.charAt(i))) {
                return null;
            }
        }
        return new String[] {name, line.substring(aliasStart)};
    }

    /** {@code ^(?:RDMA )?IP Address: (\S+)$}: the address, or null. */
    static String ipAddress(String line) {
        int from = line.startsWith(RDMA) ? RDMA.length() : 0;
        if (!line.startsWith(ADDRESS, from)) {
            return null;
        }
        int start = from + ADDRESS.length();
        int end = AsciiChars.nonSpaceEnd(line, start);
        return end > start && end == line.length() ? line.substring(start) : null;
    }

    private static boolean yes(String v) {
        return "Yes".equals(v);
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

    static List<SessionConnection> parseConnections(String text) {
        List<SessionConnection> result = new ArrayList<>();
        long sid = -1;
        int cid = -1;
        String initiator = null;
        for (String raw : lines(text)) {
            String line = raw.trim();
            String[] kv = keyValue(line);
            switch (kv[0]) {
                case "Session" -> sid = Long.parseLong(kv[1]);
                case "Connection" -> cid = Integer.parseInt(kv[1]);
                case "Initiator" -> initiator = kv[1];
                case "IP Address", "RDMA IP Address" -> result.add(new SessionConnection(sid, cid, initiator, kv[1]));
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
