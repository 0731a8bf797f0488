// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.portblock;

import io.tgtha.ocf.OcfExitCode;

/**
 * Start: the block instance puts its rules in, the unblock instance lifts them and sends tickles.
 *
 * Why the state file changes inside the PACKET_FILTER critical section (start: first, stop: last):
 * the unblock monitor answers from a pair, its state file and the rules. If a writer changed the
 * file outside the lock, every order has a window where the pair reads "started and blocked"
 * (start: file written, rules not lifted yet; stop: rules in, file not removed yet), which is a
 * monitor failure, and Pacemaker would recover a healthy resource. Inside the lock, that pair is
 * never visible to a reader that holds the lock, and the crash-safe order is kept: a start that
 * dies leaves the file (failed start, Pacemaker stops it), a stop that dies leaves it too (still
 * reads as running).
 */
record PortblockStart(PortblockOperation op) {

    OcfExitCode run() {
        // state first: if we die between here and the rules, Pacemaker sees a failed start and stops us,
        // and stop cleans up; the other order could leave rules nobody owns
        if (op.config.action() == BlockAction.BLOCK) {
            op.putBlockInPlace(op::markActive, PortblockOperation.StateStep.NONE);
        } else {
            op.liftBlock(op::markActive, PortblockOperation.StateStep.NONE);
            op.tickleRemote();
        }
        return OcfExitCode.SUCCESS;
    }
}
