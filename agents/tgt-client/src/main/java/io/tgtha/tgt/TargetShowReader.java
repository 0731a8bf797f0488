// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import io.tgtha.process.AsciiSet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads tgtd's {@code show --mode target} without letting an initiator write the agents' view of it.
 *
 * <p>tgtd prints each session's initiator name and alias as the initiator sent them, line breaks included
 * (usr/iscsi/session.c), so an initiator logged in to any target can print lines that look like another
 * target, LUN, ACL or address. Three facts of tgtd's own code bound what such text can do:
 * <ol>
 * <li>It lives only in a session's info text, printed right after its {@code I_T nexus: N} line, written
 *     with {@code snprintf} into 1024 bytes: at most {@value #NEXUS_INFO_MAX} bytes, ending (unless cut
 *     there) with tgtd's own {@code Connection:} and {@code IP Address:} lines, followed by the next
 *     {@code I_T nexus:} or {@code LUN information:} line.</li>
 * <li>Every real line is there: forged text adds lines, it never removes one.</li>
 * <li>The LLD list ({@link TargetName}) names every real target, and holds no initiator text.</li>
 * </ol>
 * So a target heading is real when it is the only copy of a listed heading, or the only copy outside every
 * span a session's info could cover; a target's block runs from its real heading to the next listed real
 * heading and must have tgtd's exact layout, each section once, in order. Anything else makes that target
 * {@linkplain Target#doubt() doubtful}: tid and name (from the LLD list) are facts, nothing else is. In a
 * block that is exact, a session's info that could also have ended later may hide imitated sessions (two real
 * sessions look just like that), but nothing else: any forged line outside the session list would repeat a
 * section. So LUNs, accounts, ACLs and state are facts, and the sessions are all real ones plus, at worst,
 * imitations of sessions of the same target with bare IP addresses.
 *
 * <p>The text is ISO-8859-1 decoded (one char per byte, so the 1023-byte bound can be counted); the
 * values kept are re-decoded as UTF-8.
 */
final class TargetShowReader {
    /** {@code session->info} is {@code snprintf(info, 1024, ...)}: 1023 bytes and the NUL. */
    static final int NEXUS_INFO_MAX = 1023;

    private static final String TAB1 = "    ";
    private static final String TAB2 = TAB1 + TAB1;
    private static final String TAB3 = TAB2 + TAB1;
    private static final String TAB4 = TAB2 + TAB2;
    private static final String NEXUS = TAB2 + "I_T nexus: ";
    private static final String LUN_SECTION = TAB1 + "LUN information:";
    private static final String INITIATOR = TAB3 + "Initiator: ";
    private static final String CONNECTION = TAB3 + "Connection: ";
    /** The keys tgtd prints for every LUN, in its order (usr/target.c, tgt_target_show_all). */
    private static final String[] LUN_KEYS = {"Type", "SCSI ID", "SCSI SN", "Size", "Online", "Removable media",
        "Prevent removal", "Readonly", "SWP", "Thin-provisioning", "Backing store type", "Backing store path",
        "Backing store flags"};

    private static final String HEADING = "Target ";

    private final String text;
    /** Where each session's info starts; the spans it could cover are worked out only when a heading repeats. */
    private final List<Integer> nexusInfoStarts = new ArrayList<>();
    private List<int[]> blobWindows;

    private TargetShowReader(String latin1) {
        this.text = latin1;
    }

    /**
     * The listed targets that the show output holds, in tid order; a listed target missing from the
     * output (deleted in between) is left out, an unlisted heading is never taken as a target.
     */
    static List<Target> read(String latin1, List<TargetName> listed) {
        return new TargetShowReader(latin1).read(listed, null);
    }

    /**
     * The listed target called {@code iqn}, as {@link #read(String, List)} would return it, or none. Every
     * heading is still found and checked (that is what tells real ones from imitations), but only this target's
     * block is read: a monitor of one target or LUN does not build every other target's LUNs and sessions.
     */
    static Optional<Target> readOne(String latin1, List<TargetName> listed, String iqn) {
        List<Target> found = new TargetShowReader(latin1).read(listed, iqn);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** @param only the IQN of the one target to read, or null for all */
    private List<Target> read(List<TargetName> listed, String only) {
        List<TargetName> names = new ArrayList<>(listed);
        names.sort(null); // by tid (natural order): cold path, see docs/architecture.md, "House rules"
        Map<String, TargetName> byHeading = new HashMap<>();
        for (TargetName n : names) {
            byHeading.put(n.heading(), n);
        }
        Map<TargetName, List<Integer>> copies = new LinkedHashMap<>();
        for (TargetName n : names) {
            copies.put(n, new ArrayList<>());
        }
        for (int pos = 0; pos < text.length(); ) {
            int eol = lineEnd(pos);
            // only a line that starts like a heading is looked up (no copy of every line of a large show)
            if (text.startsWith(HEADING, pos)) {
                TargetName n = byHeading.get(text.substring(pos, eol));
                if (n != null) {
                    copies.get(n).add(pos);
                }
            } else if (text.startsWith(NEXUS, pos) && isDigits(text.substring(pos, eol), NEXUS.length())) {
                nexusInfoStarts.add(eol + 1);
            }
            pos = eol + 1;
        }
        // the real heading of each listed target, or a reason why it cannot be told
        Map<TargetName, Integer> real = new HashMap<>();
        Map<TargetName, String> unresolved = new HashMap<>();
        for (Map.Entry<TargetName, List<Integer>> e : copies.entrySet()) {
            List<Integer> at = e.getValue();
            if (at.size() == 1) {
                real.put(e.getKey(), at.get(0));
            } else if (at.size() > 1) {
                List<Integer> outside = new ArrayList<>();
                for (int p : at) {
                    if (!insideBlobWindow(p)) {
                        outside.add(p);
                    }
                }
                if (outside.size() == 1) {
                    real.put(e.getKey(), outside.get(0));
                } else {
                    unresolved.put(e.getKey(), "tgtd's output holds " + at.size() + " copies of its heading: an "
                            + "initiator's name or alias imitates it");
                }
            }
        }
        List<Target> targets = new ArrayList<>();
        int previous = -1;
        for (int i = 0; i < names.size(); i++) {
            TargetName n = names.get(i);
            boolean wanted = only == null || n.iqn().equals(only);
            if (unresolved.containsKey(n)) {
                if (wanted) {
                    targets.add(Target.doubtful(n.tid(), n.iqn(), unresolved.get(n)));
                }
                continue;
            }
            Integer at = real.get(n);
            if (at == null) {
                continue; // not in this show: deleted between the listing and the show
            }
            if (at < previous) {
                if (wanted) {
                    targets.add(Target.doubtful(n.tid(), n.iqn(), "its heading is out of tgtd's tid order"));
                }
                continue;
            }
            previous = at;
            if (!wanted) {
                continue; // where its block ends matters to itself only
            }
            int end = text.length();
            String endDoubt = null;
            for (int j = i + 1; j < names.size(); j++) {
                TargetName next = names.get(j);
                if (unresolved.containsKey(next)) {
                    endDoubt = "the heading of the next target (tid " + next.tid() + ") cannot be told from an "
                            + "imitation, so neither can where this target's block ends";
                    break;
                }
                if (real.containsKey(next)) {
                    end = real.get(next);
                    break;
                }
            }
            if (endDoubt != null || end < at) {
                targets.add(Target.doubtful(n.tid(), n.iqn(), endDoubt != null ? endDoubt
                        : "its heading is out of tgtd's tid order"));
                continue;
            }
            targets.add(new Block(n, lineEnd(at) + 1, end).read());
        }
        return targets;
    }

    private boolean insideBlobWindow(int pos) {
        if (blobWindows == null) {
            blobWindows = new ArrayList<>();
            for (int start : nexusInfoStarts) {
                blobWindows.add(new int[] {start, blobWindowEnd(start, text.length())});
            }
        }
        for (int[] w : blobWindows) {
            if (pos >= w[0] && pos < w[1]) {
                return true;
            }
        }
        return false;
    }

    /**
     * How far the session info starting at {@code start} can reach: its last possible end before
     * {@code limit}, or the whole bound when it has none (then the block that holds it is doubtful anyway).
     */
    private int blobWindowEnd(int start, int limit) {
        List<Integer> ends = blobEnds(start, limit);
        return ends.isEmpty() ? Math.min(limit, start + NEXUS_INFO_MAX + 1) : ends.get(ends.size() - 1);
    }

    /**
     * Every place where a session's info starting at {@code start} could end, below {@code limit}: where
     * tgtd's next line ({@code I_T nexus:} or {@code LUN information:}) starts, and either the info's own
     * {@code Connection:}/{@code IP Address:} lines end just before, or the 1023-byte cut is reached there.
     */
    private List<Integer> blobEnds(int start, int limit) {
        List<Integer> ends = new ArrayList<>();
        if (!text.startsWith(INITIATOR, start)) {
            return ends;
        }
        int last = Math.min(limit - 1, start + NEXUS_INFO_MAX);
        for (int e = start + 1; e <= last; e++) {
            if (!startsNextAfterBlob(e)) {
                continue;
            }
            if (e == start + NEXUS_INFO_MAX || (text.charAt(e - 1) == '\n' && endsWithTail(start, e))) {
                ends.add(e);
            }
        }
        return ends;
    }

    private boolean startsNextAfterBlob(int e) {
        if (text.startsWith(NEXUS, e)) {
            return isDigits(text.substring(e, lineEnd(e)), NEXUS.length());
        }
        return text.startsWith(LUN_SECTION, e) && lineEnd(e) == e + LUN_SECTION.length();
    }

    /** The two lines before {@code e} are tgtd's {@code Connection: N} and {@code [RDMA ]IP Address: A}. */
    private boolean endsWithTail(int start, int e) {
        int ipStart = lineStartBefore(e - 1, start);
        if (ipStart <= start) {
            return false;
        }
        int connStart = lineStartBefore(ipStart - 1, start);
        if (connStart <= start) {
            return false;
        }
        String conn = text.substring(connStart, ipStart - 1);
        String ip = text.substring(ipStart, e - 1);
        return conn.startsWith(CONNECTION) && isDigits(conn, CONNECTION.length()) && address(ip) != null;
    }

    /** The start of the line whose terminator is at {@code nl}, not before {@code floor}. */
    private int lineStartBefore(int nl, int floor) {
        int i = nl - 1;
        while (i >= floor && text.charAt(i) != '\n') {
            i--;
        }
        return i + 1;
    }

    private static String address(String ipLine) {
        String rest;
        if (ipLine.startsWith(TAB4 + "IP Address: ")) {
            rest = ipLine.substring((TAB4 + "IP Address: ").length());
        } else if (ipLine.startsWith(TAB4 + "RDMA IP Address: ")) {
            rest = ipLine.substring((TAB4 + "RDMA IP Address: ").length());
        } else {
            return null;
        }
        // getnameinfo(NI_NUMERICHOST) prints a bare address: never a prefix, never a name
        return ShowParser.isIpv4Address(rest) || ShowParser.isBareIpv6Address(rest) ? rest : null;
    }

    private int lineEnd(int pos) {
        int nl = text.indexOf('\n', pos);
        return nl < 0 ? text.length() : nl;
    }

    /** Digits from {@code from} to the end, at most 18 (every number tgtd prints fits a long). */
    private static boolean isDigits(String s, int from) {
        return AsciiSet.DIGITS.matchesFrom(s, from, 1, 18);
    }

    private static String utf8(String latin1) {
        return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    /** One target's block, read strictly in tgtd's layout; any departure makes the target doubtful. */
    private final class Block {
        private final TargetName name;
        private final int end;
        private int pos;

        Block(TargetName name, int start, int end) {
            this.name = name;
            this.pos = start;
            this.end = end;
        }

        Target read() {
            try {
                return parse();
            } catch (Departure d) {
                return Target.doubtful(name.tid(), name.iqn(), d.getMessage());
            }
        }

        private Target parse() {
            expect(TAB1 + "System information:");
            String driver = value(TAB2 + "Driver: ");
            TargetState state = TargetState.fromTgtName(value(TAB2 + "State: "));
            if (state == null) {
                throw new Departure("unknown target state");
            }
            Integer nopInterval = null;
            Integer nopCount = null;
            if (peek().startsWith(TAB2 + "Nop interval: ")) {
                nopInterval = number(value(TAB2 + "Nop interval: "));
                nopCount = number(value(TAB2 + "Nop count: "));
            }
            expect(TAB1 + "I_T nexus information:");
            List<ItNexus> nexuses = new ArrayList<>();
            while (peek().startsWith(NEXUS)) {
                nexuses.add(nexus());
            }
            expect(LUN_SECTION);
            List<Lun> luns = new ArrayList<>();
            while (peek().startsWith(TAB2 + "LUN: ")) {
                luns.add(lun());
            }
            List<String> incoming = new ArrayList<>();
            String outgoing = null;
            if (peek().equals(TAB1 + "Account information:")) {
                next();
                while (isEntry(peek())) {
                    String user = utf8(next().substring(TAB2.length()));
                    if (user.endsWith(" (outgoing)")) {
                        outgoing = user.substring(0, user.length() - " (outgoing)".length());
                    } else {
                        incoming.add(user);
                    }
                }
            }
            expect(TAB1 + "ACL information:");
            List<String> addresses = new ArrayList<>();
            List<String> names = new ArrayList<>();
            while (isEntry(peek())) {
                String rule = utf8(next().substring(TAB2.length()));
                // tgtd prints address rules first, then name rules, with nothing to tell them apart
                (ShowParser.isAddressRule(rule) ? addresses : names).add(rule);
            }
            skipEmpty();
            if (pos < end) {
                throw new Departure("unexpected line after its ACLs: " + Printable.of(peek()));
            }
            return new Target(name.tid(), name.iqn(), state, driver, nopInterval, nopCount, nexuses, luns, incoming,
                    outgoing, addresses, names, null);
        }

        private ItNexus nexus() {
            long id = Long.parseLong(next().substring(NEXUS.length()));
            int start = pos;
            List<Integer> ends = blobEnds(start, end);
            if (ends.isEmpty()) {
                throw new Departure("session " + id + " has no end in tgtd's layout");
            }
            // the first end: anything up to a later one reads as further sessions, which is what they are or imitate
            int blobEnd = ends.get(0);
            pos = blobEnd;
            String[] lines = text.substring(start, blobEnd).split("\n", -1);
            if (lines.length < 4 || !lines[lines.length - 1].isEmpty()) {
                return new ItNexus(id, null, null, List.of()); // tgtd cut the text at 1023 bytes: no tail
            }
            int cid = number(lines[lines.length - 3].substring(CONNECTION.length()));
            List<IscsiConnection> connection = List.of(new IscsiConnection(cid, address(lines[lines.length - 2])));
            if (lines.length != 4) {
                return new ItNexus(id, null, null, connection); // a name or alias with line breaks: unreadable
            }
            String first = lines[0].substring(INITIATOR.length());
            int aliasAt = first.indexOf(" alias: ");
            String initiator = aliasAt < 0 ? first : first.substring(0, aliasAt);
            String alias = aliasAt < 0 ? null : first.substring(aliasAt + " alias: ".length());
            return new ItNexus(id, utf8(initiator), alias == null || alias.equals("none") ? null : utf8(alias),
                    connection);
        }

        private Lun lun() {
            long lun = Long.parseLong(digits(value(TAB2 + "LUN: ")));
            Map<String, String> f = new HashMap<>();
            for (String key : LUN_KEYS) {
                String line = next();
                String prefix = TAB3 + key + ":";
                if (!line.startsWith(prefix)) {
                    throw new Departure("LUN " + lun + ": expected '" + key + ":', got " + Printable.of(line));
                }
                String v = line.substring(prefix.length());
                f.put(key, v.startsWith(" ") ? utf8(v.substring(1)) : v);
            }
            String[] size = ShowParser.size("Size: " + f.get("Size"));
            if (size == null) {
                throw new Departure("LUN " + lun + ": unexpected size " + Printable.of(f.get("Size")));
            }
            String path = f.get("Backing store path");
            return new Lun(lun, f.get("Type"), f.get("SCSI ID"), f.get("SCSI SN"), Long.parseLong(digits(size[0])),
                    number(size[1]), yes(f.get("Online")), yes(f.get("Removable media")),
                    yes(f.get("Prevent removal")), yes(f.get("Readonly")), yes(f.get("SWP")),
                    yes(f.get("Thin-provisioning")), f.get("Backing store type"), "None".equals(path) ? null : path,
                    f.get("Backing store flags"));
        }

        private boolean isEntry(String line) {
            return line.startsWith(TAB2) && line.length() > TAB2.length() && line.charAt(TAB2.length()) != ' ';
        }

        private String peek() {
            return pos >= end ? "" : text.substring(pos, Math.min(end, lineEnd(pos)));
        }

        private String next() {
            if (pos >= end) {
                throw new Departure("its block ends early");
            }
            String line = peek();
            pos = Math.min(end, lineEnd(pos) + 1);
            return line;
        }

        private void skipEmpty() {
            while (pos < end && text.charAt(pos) == '\n') {
                pos++;
            }
        }

        private void expect(String line) {
            String got = next();
            if (!got.equals(line)) {
                throw new Departure("expected '" + line.trim() + "', got " + Printable.of(got));
            }
        }

        private String value(String prefix) {
            String got = next();
            if (!got.startsWith(prefix)) {
                throw new Departure("expected '" + prefix.trim() + "', got " + Printable.of(got));
            }
            return got.substring(prefix.length());
        }

        private String digits(String s) {
            if (!isDigits(s, 0)) {
                throw new Departure("not a number: " + Printable.of(s));
            }
            return s;
        }

        private int number(String s) {
            long v = Long.parseLong(digits(s));
            if (v > Integer.MAX_VALUE) {
                throw new Departure("number out of range: " + s);
            }
            return (int) v;
        }

        private boolean yes(String v) {
            return "Yes".equals(v);
        }
    }

    /** A block that departs from tgtd's layout: its target is doubtful, the others are not affected. */
    private static final class Departure extends RuntimeException {
        Departure(String message) {
            super(message, null, false, false);
        }
    }
}
