// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.lun;

import io.tgtha.agent.tgt.OfflineHold;
import io.tgtha.agent.tgt.TgtConnector;

/** The LUN agent with a tgt client of the test's choosing, for tests and benchmarks outside this package. */
public final class LunAgents {
    private LunAgents() {
    }

    public static LunAgent with(TgtConnector connector) {
        return new LunAgent(connector, OfflineHold.defaultDir());
    }
}
