// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.tgt;

import io.tgtha.ocf.OcfException;
import io.tgtha.tgt.ShowSharing;
import io.tgtha.tgt.TgtClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The tgtd on this node, reached over its management socket (never tgtadm: argv is public). In the agent host the
 * clients of all operations share their shows of tgtd's targets ({@link #sharingShows}); a cold run has nobody to
 * share with.
 */
public final class RealTgtConnector implements TgtConnector {
    /** Per request; every phase caps it further by what is left of the operation's deadline. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final String[] SEARCH = {"/usr/sbin", "/sbin", "/usr/local/sbin", "/usr/bin", "/bin"};

    private final ShowSharing sharing;

    /** Every client makes its own requests (a cold run: one operation per process). */
    public RealTgtConnector() {
        this(null);
    }

    private RealTgtConnector(ShowSharing sharing) {
        this.sharing = sharing;
    }

    /** Clients that share their shows of tgtd's targets through {@code sharing}: one per process that runs many operations. */
    public static RealTgtConnector sharingShows(ShowSharing sharing) {
        return new RealTgtConnector(java.util.Objects.requireNonNull(sharing));
    }

    @Override
    public void checkInstalled() {
        if (find("tgtd") == null) {
            throw OcfException.installed("tgtd is not installed (package tgt)");
        }
    }

    @Override
    public TgtClient connect(int controlPort) {
        if (sharing == null) {
            return TgtClient.forControlPort(controlPort, REQUEST_TIMEOUT);
        }
        return TgtClient.builder().controlPort(controlPort).timeout(REQUEST_TIMEOUT).shareShows(sharing).build();
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
