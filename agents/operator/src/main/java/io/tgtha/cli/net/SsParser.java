// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.net;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code ss -tn[i][e] [state S] [filter]} output. Robust to what varies between ss versions and
 * invocations: with a {@code state} filter ss drops the State column; {@code -e} appends timer/ino/sk
 * fields; {@code -i} puts a tab-indented detail line under each socket; fields ss does not know
 * (or does not print because they are zero, like lastack) are simply absent.
 */
public final class SsParser {
    private SsParser() {
    }

    public static List<TcpSocket> parse(String text) {
        List<TcpSocket> sockets = new ArrayList<>();
        Pending pending = null;
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            boolean continuation = Character.isWhitespace(line.charAt(0));
            if (continuation) {
                if (pending != null) {
                    parseInfo(line, pending.info);
                }
                continue;
            }
            if (pending != null) {
                sockets.add(pending.build());
                pending = null;
            }
            String[] tok = line.trim().split("\\s+");
            if (tok[0].equals("State") || tok[0].equals("Recv-Q") || tok[0].equals("Netid")) {
                continue; // header
            }
            pending = parseMain(tok);
        }
        if (pending != null) {
            sockets.add(pending.build());
        }
        return sockets;
    }

    private static Pending parseMain(String[] tok) {
        int i = 0;
        if (tok[0].equals("tcp")) {
            i++; // Netid column (ss -a with several protocols)
        }
        String state = "ESTAB";
        if (!isNumber(tok[i])) {
            state = tok[i++];
        }
        if (tok.length < i + 4 || !isNumber(tok[i]) || !isNumber(tok[i + 1])) {
            return null; // not a socket line (an error message, say): ignore rather than guess
        }
        Pending p = new Pending();
        p.state = state;
        p.recvQ = Long.parseLong(tok[i]);
        p.sendQ = Long.parseLong(tok[i + 1]);
        p.local = Endpoint.parse(tok[i + 2]);
        p.peer = Endpoint.parse(tok[i + 3]);
        for (int j = i + 4; j < tok.length; j++) {
            if (tok[j].startsWith("ino:")) {
                try {
                    p.inode = Long.parseLong(tok[j].substring(4));
                } catch (NumberFormatException ignored) {
                    // leave unknown
                }
            }
        }
        return p;
    }

    private static void parseInfo(String line, Map<String, String> info) {
        for (String tok : line.trim().split("\\s+")) {
            int colon = tok.indexOf(':');
            if (colon <= 0 || tok.indexOf('(') >= 0) {
                continue; // "send 63300546bps", "bbr:(bw:...)" and flags such as "sack"
            }
            info.putIfAbsent(tok.substring(0, colon), tok.substring(colon + 1));
        }
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int k = 0; k < s.length(); k++) {
            if (!Character.isDigit(s.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    private static final class Pending {
        String state;
        long recvQ;
        long sendQ;
        Endpoint local;
        Endpoint peer;
        Long inode;
        final Map<String, String> info = new HashMap<>();

        TcpSocket build() {
            return new TcpSocket(state, recvQ, sendQ, local, peer, inode, info);
        }
    }
}
