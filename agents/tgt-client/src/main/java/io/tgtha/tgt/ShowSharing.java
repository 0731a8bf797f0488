// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Lets the tgt clients of one long-lived process share their shows of tgtd's targets: concurrent
 * {@link TgtClient#showTarget}, {@link TgtClient#showTargets} and {@link TgtClient#show} calls against one tgtd
 * socket make one {@code show --mode target} between them, never one that started before a caller asked (see
 * {@link SingleFlightShow}). Give the same instance to every client that should share
 * ({@link TgtClientBuilder#shareShows}); a process that runs one operation and exits has nothing to share.
 */
public final class ShowSharing {
    private final Map<Path, SingleFlightShow> bySocket = new ConcurrentHashMap<>();
    private final Executor flights;

    /** Each show runs on a daemon thread of its own. */
    public ShowSharing() {
        this(show -> {
            Thread t = new Thread(show, "tgt-shared-show");
            t.setDaemon(true);
            t.start();
        });
    }

    ShowSharing(Executor flights) {
        this.flights = flights;
    }

    /** The shows of the tgtd listening on {@code socket}. */
    SingleFlightShow of(Path socket) {
        return bySocket.computeIfAbsent(socket, s -> new SingleFlightShow(flights));
    }
}
