package io.tgtha.cli.tgt;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code tgtadm --op show --mode target} (tgt 1.0.x). The output is indentation-structured
 * text; we key on section headings rather than exact indentation, because fields were added over the
 * releases (e.g. "Nop interval") and unknown lines must simply be skipped.
 */
public final class TgtShowParser {
    private static final Pattern TARGET = Pattern.compile("^Target (\\d+): (\\S+)\\s*$");
    private static final Pattern NEXUS = Pattern.compile("^I_T nexus: (\\d+)$");
    private static final Pattern INITIATOR = Pattern.compile("^Initiator: (\\S+)(?: alias: .*)?$");
    private static final Pattern CONNECTION = Pattern.compile("^Connection: (\\d+)$");
    private static final Pattern LUN = Pattern.compile("^LUN: (\\d+)$");
    private static final Pattern SIZE = Pattern.compile("^Size: (\\d+) MB.*$");

    private enum Section { NONE, SYSTEM, NEXUS, LUN, ACCOUNT, ACL }

    private TgtShowParser() {
    }

    public static List<TargetInfo> parse(String text) {
        List<TargetInfo> targets = new ArrayList<>();
        Builder current = null;
        Section section = Section.NONE;
        for (String raw : text.split("\n")) {
            if (raw.isBlank()) {
                continue;
            }
            String line = raw.strip();
            Matcher m = TARGET.matcher(raw);
            if (m.matches()) {
                if (current != null) {
                    targets.add(current.build());
                }
                current = new Builder(Integer.parseInt(m.group(1)), m.group(2));
                section = Section.NONE;
                continue;
            }
            if (current == null) {
                continue;
            }
            switch (line) {
                case "System information:" -> { section = Section.SYSTEM; continue; }
                case "I_T nexus information:" -> { section = Section.NEXUS; continue; }
                case "LUN information:" -> { section = Section.LUN; continue; }
                case "Account information:" -> { section = Section.ACCOUNT; continue; }
                case "ACL information:" -> { section = Section.ACL; continue; }
                default -> { }
            }
            switch (section) {
                case SYSTEM -> {
                    if (line.startsWith("State: ")) {
                        current.state = line.substring(7).strip();
                    }
                }
                case NEXUS -> current.nexusLine(line);
                case LUN -> current.lunLine(line);
                case ACCOUNT -> {
                    boolean outgoing = line.endsWith(" (outgoing)");
                    String user = outgoing ? line.substring(0, line.length() - 11).strip() : line;
                    current.accounts.add(new AccountBinding(user, outgoing));
                }
                case ACL -> current.acls.add(line);
                case NONE -> { }
            }
        }
        if (current != null) {
            targets.add(current.build());
        }
        return targets;
    }

    private static final class Builder {
        final int tid;
        final String iqn;
        String state = "unknown";
        final List<LunInfo> luns = new ArrayList<>();
        final List<AccountBinding> accounts = new ArrayList<>();
        final List<String> acls = new ArrayList<>();
        final List<SessionInfo> sessions = new ArrayList<>();
        // session being read
        Long sid;
        String initiator;
        List<ConnectionInfo> conns = new ArrayList<>();
        Integer cid;
        // LUN being read
        Integer lun;
        String lunType;
        long lunSize;
        boolean lunOnline;
        boolean lunReadonly;
        String bsType;
        String bsPath;

        Builder(int tid, String iqn) {
            this.tid = tid;
            this.iqn = iqn;
        }

        void nexusLine(String line) {
            Matcher m;
            if ((m = NEXUS.matcher(line)).matches()) {
                flushSession();
                sid = Long.parseLong(m.group(1));
            } else if ((m = INITIATOR.matcher(line)).matches()) {
                initiator = m.group(1);
            } else if ((m = CONNECTION.matcher(line)).matches()) {
                cid = Integer.parseInt(m.group(1));
            } else if (line.startsWith("IP Address: ") && cid != null) {
                conns.add(new ConnectionInfo(cid, line.substring(12).strip()));
                cid = null;
            }
        }

        void flushSession() {
            if (sid != null) {
                sessions.add(new SessionInfo(sid, initiator, conns));
            }
            sid = null;
            initiator = null;
            conns = new ArrayList<>();
            cid = null;
        }

        void lunLine(String line) {
            Matcher m;
            if ((m = LUN.matcher(line)).matches()) {
                flushLun();
                lun = Integer.parseInt(m.group(1));
            } else if (line.startsWith("Type: ")) {
                lunType = line.substring(6).strip();
            } else if ((m = SIZE.matcher(line)).matches()) {
                lunSize = Long.parseLong(m.group(1));
            } else if (line.startsWith("Online: ")) {
                lunOnline = line.endsWith("Yes");
            } else if (line.startsWith("Readonly: ")) {
                lunReadonly = line.endsWith("Yes");
            } else if (line.startsWith("Backing store type: ")) {
                bsType = line.substring(20).strip();
            } else if (line.startsWith("Backing store path: ")) {
                String p = line.substring(20).strip();
                bsPath = p.equals("None") ? null : p;
            }
        }

        void flushLun() {
            if (lun != null) {
                luns.add(new LunInfo(lun, lunType, lunSize, lunOnline, lunReadonly, bsType, bsPath));
            }
            lun = null;
            lunType = null;
            lunSize = 0;
            lunOnline = false;
            lunReadonly = false;
            bsType = null;
            bsPath = null;
        }

        TargetInfo build() {
            flushSession();
            flushLun();
            return new TargetInfo(tid, iqn, state, luns, accounts, acls, sessions);
        }
    }
}
