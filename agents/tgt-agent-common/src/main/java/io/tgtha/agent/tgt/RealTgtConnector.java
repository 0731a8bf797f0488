// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.tgt;

import io.tgtha.ocf.OcfException;
import io.tgtha.tgt.TgtClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** The tgtd on this node, reached over its management socket (never tgtadm: argv is public). */
public final class RealTgtConnector implements TgtConnector {
    /** Per request; every phase caps it further by what is left of the operation's deadline. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final String[] SEARCH = {"/usr/sbin", "/sbin", "/usr/local/sbin", "/usr/bin", "/bin"};

    @Override
    public void checkInstalled() {
        if (find("tgtd") == null) {
            throw OcfException.installed("tgtd is not installed (package tgt)");
        }
    }

    @Override
    public TgtClient connect(int controlPort) {
        return TgtClient.forControlPort(controlPort, REQUEST_TIMEOUT);
    }

    static Path find(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : (path + ":" + String.join(":", SEARCH)).split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return Path.of(dir, tool);
            }
        }
        return null;
    }
}
