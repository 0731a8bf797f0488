package io.tgtha.agent.iscsitarget;

import io.tgtha.ocf.text.Text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The tgt service's own configuration ({@code /etc/tgt/targets.conf}, {@code /etc/tgt/conf.d/*.conf}).
 * A target defined there AND managed by the cluster is a trap: {@code tgt-admin --update ALL} (what a
 * {@code tgt} service reload runs) deletes or re-creates targets to match the files, behind Pacemaker's
 * back. This class only finds such definitions; it never edits the files.
 */
public final class TgtConfigFiles {
    private final Path configDir;

    public TgtConfigFiles(Path configDir) {
        this.configDir = configDir;
    }

    public static TgtConfigFiles system() {
        return new TgtConfigFiles(Path.of("/etc/tgt"));
    }

    /** Files (with line numbers) that define a target named exactly {@code iqn}; unreadable files are skipped. */
    public List<String> definitionsOf(String iqn) {
        List<String> hits = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        files.add(configDir.resolve("targets.conf"));
        Path confD = configDir.resolve("conf.d");
        if (Files.isDirectory(confD)) {
            // no glob "*.conf": sun.nio.fs.Globs turns it into a java.util.regex.Pattern (1-3 ms of a 50 ms
            // start); that glob matched exactly the names ending in ".conf", hidden ones included
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(confD)) {
                for (Path f : ds) {
                    if (f.getFileName().toString().endsWith(".conf")) {
                        files.add(f);
                    }
                }
            } catch (IOException ignored) {
                // an unreadable conf.d cannot be checked; validate-all is advisory here
            }
        }
        files.sort(null);
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                continue;
            }
            List<String> lines;
            try {
                lines = Files.readAllLines(f, StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                continue;
            }
            for (int i = 0; i < lines.size(); i++) {
                String name = targetTagName(lines.get(i));
                // iSCSI names compare case-insensitively once normalised, and tgt-admin passes them through
                if (name != null && name.toLowerCase(Locale.ROOT).equals(iqn.toLowerCase(Locale.ROOT))) {
                    hits.add(f + ":" + (i + 1));
                }
            }
        }
        return hits;
    }

    /**
     * The name in a line that opens a target block, {@code <target NAME>} (the tag case-insensitive,
     * whitespace allowed around it and its name, anything after the '>'), or null. Exactly what the
     * former {@code ^\s*<\s*target\s+([^>\s]+)\s*>} (CASE_INSENSITIVE, find) extracted, as a loop
     * (see io.tgtha.ocf.text); {@code \s} is ASCII whitespace, and the tag's case is compared in
     * ASCII only, as that flag does without UNICODE_CASE.
     */
    static String targetTagName(String line) {
        int i = skipWhitespace(line, 0);
        if (i >= line.length() || line.charAt(i) != '<') {
            return null;
        }
        i = skipWhitespace(line, i + 1);
        if (!asciiIgnoreCase(line, i, "target")) {
            return null;
        }
        i += 6;
        int nameStart = skipWhitespace(line, i);
        if (nameStart == i) {
            return null;
        }
        int nameEnd = nameStart;
        while (nameEnd < line.length() && line.charAt(nameEnd) != '>' && !Text.isWhitespace(line.charAt(nameEnd))) {
            nameEnd++;
        }
        if (nameEnd == nameStart) {
            return null;
        }
        int close = skipWhitespace(line, nameEnd);
        return close < line.length() && line.charAt(close) == '>' ? line.substring(nameStart, nameEnd) : null;
    }

    private static int skipWhitespace(String s, int i) {
        while (i < s.length() && Text.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Whether {@code s} has {@code lowerWord} at {@code at}, ASCII letters in either case. */
    private static boolean asciiIgnoreCase(String s, int at, String lowerWord) {
        if (at + lowerWord.length() > s.length()) {
            return false;
        }
        for (int k = 0; k < lowerWord.length(); k++) {
            char c = s.charAt(at + k);
            char want = lowerWord.charAt(k);
            if (c != want && !(c >= 'A' && c <= 'Z' && (char) (c + ('a' - 'A')) == want)) {
                return false;
            }
        }
        return true;
    }
}
