package io.tgtha.agent.target;

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
final class TargetMonitor {
    private final OperationContext ctx;
    private final TargetConfig config;
    private final BoundedTgt tgt;
    private final Path holdDir;

    TargetMonitor(OperationContext ctx, TargetConfig config, BoundedTgt tgt, Path holdDir) {
        this.ctx = ctx;
        this.config = config;
        this.tgt = tgt;
        this.holdDir = holdDir;
    }

    OcfExitCode run() {
        List<Target> targets;
        try {
            targets = tgt.now().showTargets();
        } catch (TgtException e) {
            if (BoundedTgt.daemonGone(e)) {
                // no tgtd, no target: a probe on a node where tgtd is not running must say "not running"
                ctx.log().debug("tgtd is not running: " + e.getMessage());
                return OcfExitCode.NOT_RUNNING;
            }
            throw BoundedTgt.toOcf("monitor of " + config.iqn(), e);
        }
        Optional<Target> found = find(targets, config.iqn());
        if (found.isEmpty()) {
            return OcfExitCode.NOT_RUNNING;
        }
        boolean excused = false;
        if (found.get().state() == TargetState.OFFLINE) {
            Optional<String> hold = OfflineHold.heldBy(holdDir, config.iqn());
            if (hold.isPresent()) {
                ctx.log().info("target " + config.iqn() + " is offline on purpose: " + hold.get());
                excused = true;
            }
        }
        List<String> problems = new TargetCheck(found.get(), config).problems(excused);
        if (!problems.isEmpty()) {
            throw OcfException.generic("target " + config.iqn() + " (tid " + found.get().tid() + "): "
                    + String.join("; ", problems));
        }
        return OcfExitCode.SUCCESS;
    }

    /** Exact match of the name: never a prefix, never a pattern. */
    static Optional<Target> find(List<Target> targets, String iqn) {
        // a loop, not a stream: runs in every monitor, and a short-lived JVM pays for a stream's set-up
        for (Target t : targets) {
            if (t.iqn().equals(iqn)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
