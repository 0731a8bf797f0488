// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.portblock;

import io.tgtha.packetfilter.BlockRule;

import io.tgtha.ocf.OcfException;
import io.tgtha.ocf.OcfExitCode;
import io.tgtha.ocf.lock.FileMutex;

import java.util.List;

/**
 * Monitor: the state file, and for the unblock instance that no rule is present.
 *
 * Monitor reads without the lock first, and takes it only to confirm a "blocked" answer.
 *
 * Recurring monitors run every 10 s for every instance on every node; an exclusive lock there
 * would queue them behind (and in front of) the start/stop of a failover, which is exactly when
 * the lock is busy. A shared (read) lock would suit, but FileMutex is exclusive. It is not needed:
 * the block instance reads only its state file, and the unblock instance reads the file first and
 * the rules after. "Not running" (no file) and "running" (file, then no rule) are answers that were
 * true at the moment of the second read, because writers only remove the file after putting the
 * rules in, and lift the rules after writing it. Only "file and rule" can be a torn read (a start
 * or stop of this instance in between); that answer fails the monitor, so it is read again under
 * the lock, where the file and rules change together. The steady state never takes the lock.
 */
record PortblockMonitor(PortblockOperation op) {

    OcfExitCode run() {
        if (!op.state.isActive()) {
            if (!op.ctx.isProbe() || !adoptedStockMark()) {
                return OcfExitCode.NOT_RUNNING;
            }
        }
        if (op.config.action() == BlockAction.BLOCK) {
            // the unblock partner lifts our rules while it runs: their absence is normal
            return OcfExitCode.SUCCESS;
        }
        List<BlockRule> present = op.presentRules();
        if (!present.isEmpty()) {
            try (FileMutex.Held held = op.lock("portblock monitor (confirming a block)")) {
                if (!op.state.isActive()) {
                    return OcfExitCode.NOT_RUNNING; // a stop finished meanwhile
                }
                present = op.presentRules();
            }
        }
        if (!present.isEmpty()) {
            if (op.ctx.isProbe()) {
                return OcfExitCode.NOT_RUNNING;
            }
            throw OcfException.generic("port is blocked although the unblock instance is started: " + present.get(0));
        }
        if (op.config.tickles() && !op.ctx.isProbe()) {
            op.saveConnections();
        }
        return OcfExitCode.SUCCESS;
    }

    /** Only a probe adopts: it is how Pacemaker asks after a resource's agent changed (tgtha migrate). */
    private boolean adoptedStockMark() {
        try {
            if (op.state.adoptStock()) {
                op.ctx.log().info("adopted the stock portblock's started mark " + op.state.stockFile()
                        + " (the resource was ocf:heartbeat:portblock): started");
                return true;
            }
            return false;
        } catch (java.io.IOException e) {
            throw OcfException.generic("cannot adopt the stock portblock's mark " + op.state.stockFile() + ": "
                    + e.getMessage());
        }
    }
}
