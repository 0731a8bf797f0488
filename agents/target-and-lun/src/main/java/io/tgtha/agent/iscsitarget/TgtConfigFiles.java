// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.iscsitarget;

import io.tgtha.ocf.text.Text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(confD, "*.conf")) {
                ds.forEach(files::add);
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

    /** A line that opens a target block, {@code <target NAME>}: the tag in any case, whitespace around it. */
    private static final Pattern TARGET_TAG = Pattern.compile("^\\s*<\\s*target\\s+([^>\\s]+)\\s*>", Pattern.CASE_INSENSITIVE);

    /** The name in a line that opens a target block, or null. */
    static String targetTagName(String line) {
        Matcher m = TARGET_TAG.matcher(line);
        return m.find() ? m.group(1) : null;
    }
}
