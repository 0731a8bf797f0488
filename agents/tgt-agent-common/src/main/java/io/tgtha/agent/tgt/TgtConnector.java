// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.tgt;

import io.tgtha.tgt.TgtClient;

/**
 * Where an agent gets its tgt client from: the real daemon in production, a fake in unit tests.
 */
public interface TgtConnector {
    /** Throws {@code OcfException(ERR_INSTALLED)} when tgt is not installed on this node. */
    void checkInstalled();

    /** A client for {@code tgtd --control-port controlPort} (0 = the default daemon). */
    TgtClient connect(int controlPort);
}
