// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.status;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The node's Pacemaker environment file, where {@code PCMK_node_action_limit} overrides the cluster's
 * node-action-limit for this node only.
 */
public final class PacemakerSysconfig {
    /** Debian and Ubuntu, then RHEL and SUSE. */
    public static final List<Path> FILES = List.of(Path.of("/etc/default/pacemaker"), Path.of("/etc/sysconfig/pacemaker"));
    private static final Pattern ASSIGNMENT =
            Pattern.compile("\\s*(?:export\\s+)?PCMK_node_action_limit=([\"']?)([^\"'#\\s]*)\\1\\s*(?:#.*)?");

    private PacemakerSysconfig() {
    }

    /** The override from the first of the files that exists; the last assignment wins, as in the shell. */
    public static Optional<String> nodeActionLimit(List<Path> files) {
        for (Path f : files) {
            if (Files.isRegularFile(f)) {
                try {
                    return nodeActionLimit(Files.readString(f));
                } catch (IOException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    static Optional<String> nodeActionLimit(String fileText) {
        String value = null;
        for (String line : fileText.split("\n")) {
            Matcher m = ASSIGNMENT.matcher(line);
            if (m.matches()) {
                value = m.group(2);
            }
        }
        return Optional.ofNullable(value).filter(v -> !v.isEmpty());
    }
}
