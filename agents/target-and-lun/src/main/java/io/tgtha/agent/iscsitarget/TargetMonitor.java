// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.iscsitarget;

import io.tgtha.agent.tgt.BoundedTgt;
import io.tgtha.agent.tgt.OfflineHold;
import io.tgtha.ocf.OcfException;
import io.tgtha.ocf.OcfExitCode;
import io.tgtha.ocf.agent.OperationContext;
import io.tgtha.tgt.Target;
import io.tgtha.tgt.TargetState;
import io.tgtha.tgt.TgtException;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Monitor (and probe): the target with exactly this IQN exists, with the configured tid, ACLs, bound
 * accounts and state ready. A target that exists but is wrong is a failure (rc 1 with the reason), not
 * "running": above all, a target configured for CHAP with no account bound accepts anyone.
 */
record TargetMonitor(OperationContext ctx, TargetConfig config, BoundedTgt tgt, Path holdDir) {
    /**
     * Shows of an offline target without a live note before it counts as really offline. A LUN stop
     * sets the target ready before it removes its note, so an offline seen just before that "ready" is a
     * ready target at the next look. A further look can only be fooled by another LUN stop ending just
     * between that look's show and its read of the note; each keeps the target offline for about half a
     * second, so two such endings within one monitor's milliseconds do not happen.
     */
    private static final int LOOKS = 3;

    OcfExitCode run() {
        Target target;
        boolean excused = false;
        try {
            Optional<Target> found = tgt.reading().showTarget(config.iqn());
            if (found.isEmpty()) {
                return OcfExitCode.NOT_RUNNING;
            }
            target = found.get();
            if (!target.certain()) {
                return cannotTell(target);
            }
            for (int look = 1; target.state() == TargetState.OFFLINE; look++) {
                Optional<String> hold = OfflineHold.heldBy(holdDir, config.iqn());
                if (hold.isPresent()) {
                    ctx.log().info("target " + config.iqn() + " is offline on purpose: " + hold.get());
                    excused = true;
                    break;
                }
                if (look == LOOKS) {
                    break; // offline at every look and nobody holds it: really offline
                }
                // The note is read after the show, so a LUN stop can set the target ready and remove its
                // note in between (measured: within hundreds of offline/ready cycles). Its order, ready
                // first and note last, means such a target is ready by now: look again rather than fail.
                found = tgt.reading().showTarget(config.iqn());
                if (found.isEmpty()) {
                    return OcfExitCode.NOT_RUNNING;
                }
                target = found.get();
                if (!target.certain()) {
                    return cannotTell(target);
                }
                if (target.state() != TargetState.OFFLINE) {
                    ctx.log().info("target " + config.iqn() + " was offline without a note at look " + look
                            + " and is " + target.state().tgtName() + " now: a LUN stop had just finished with it");
                }
            }
        } catch (TgtException e) {
            if (BoundedTgt.daemonGone(e)) {
                // no tgtd, no target: a probe on a node where tgtd is not running must say "not running"
                ctx.log().debug("tgtd is not running: " + e.getMessage());
                return OcfExitCode.NOT_RUNNING;
            }
            throw BoundedTgt.toOcf("monitor of " + config.iqn(), e);
        }
        List<String> problems = new TargetCheck(target, config).problems(excused);
        if (!problems.isEmpty()) {
            throw OcfException.generic("target " + config.iqn() + " (tid " + target.tid() + "): "
                    + String.join("; ", problems));
        }
        return OcfExitCode.SUCCESS;
    }

    /**
     * tgtd's output about this target may be an initiator's imitation: the LLD list proves tid and IQN, and
     * nothing an initiator wrote is taken as a failure (that would let any initiator make Pacemaker recover
     * a target). A wrong tid is a fact, and a failure as ever.
     */
    private OcfExitCode cannotTell(Target target) {
        if (config.tid().isPresent() && config.tid().get() != target.tid()) {
            throw OcfException.generic("target " + config.iqn() + " has tid " + target.tid() + ", configured tid is "
                    + config.tid().get());
        }
        ctx.log().warn("target " + config.iqn() + " (tid " + target.tid() + ") exists, but its state, LUNs, "
                + "accounts and ACLs cannot be checked: " + target.doubt());
        return OcfExitCode.SUCCESS;
    }
}
