// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.portblock;

import io.tgtha.ocf.OcfExitCode;

/** Stop: the reverse of {@link PortblockStart}; the unblock instance records connections for tickle_dir first. */
record PortblockStop(PortblockOperation op) {

    OcfExitCode run() {
        // state last: a stop that dies half-way still reads as running, so Pacemaker repeats it
        if (op.config.action() == BlockAction.BLOCK) {
            op.liftBlock(PortblockOperation.StateStep.NONE, op::clear);
        } else {
            if (op.config.tickles() && op.state.isActive()) {
                op.saveConnections();
            }
            op.putBlockInPlace(PortblockOperation.StateStep.NONE, op::clear);
        }
        return OcfExitCode.SUCCESS;
    }
}
