// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.ssh;

import java.util.ArrayList;
import java.util.List;

/** Builds the command line the remote node runs: the local one minus the SSH-hop options, shell-quoted. */
public final class RemoteCommandLine {
    private RemoteCommandLine() {
    }

    /**
     * @param sshOnlyOptions options (all taking one value) that must not travel, e.g. --host
     */
    public static List<String> strip(List<String> args, List<String> sshOnlyOptions) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                out.addAll(args.subList(i, args.size()));
                break;
            }
            int eq = a.indexOf('=');
            String name = eq > 0 ? a.substring(0, eq) : a;
            if (sshOnlyOptions.contains(name)) {
                if (eq < 0) {
                    i++; // skip its value
                }
                continue;
            }
            out.add(a);
        }
        return out;
    }

    /** POSIX shell quoting: every word in single quotes, embedded quotes as '\''. */
    public static String render(String program, List<String> args) {
        StringBuilder sb = new StringBuilder(quote(program));
        for (String a : args) {
            sb.append(' ').append(quote(a));
        }
        return sb.toString();
    }

    static String quote(String word) {
        if (!word.isEmpty() && word.matches("[A-Za-z0-9_./:=@%+,-]+")) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** Splits what {@link #render} produced back into words (used by the test SSH server). */
    public static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        boolean single = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (single) {
                if (c == '\'') {
                    single = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '\'') {
                single = true;
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                cur.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
            } else {
                cur.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(cur.toString());
        }
        return words;
    }
}
