// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.lun;

import io.tgtha.agent.tgt.BoundedTgt;
import io.tgtha.ocf.OcfException;
import io.tgtha.ocf.OcfExitCode;
import io.tgtha.ocf.agent.OperationContext;
import io.tgtha.tgt.Lun;
import io.tgtha.tgt.Target;
import io.tgtha.tgt.TgtError;
import io.tgtha.tgt.TgtException;
import io.tgtha.tgt.TgtRequestException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Start: create the LUN, then give it its identity and settings (tgtd takes those only after creation),
 * then confirm with a fresh {@code show}. Idempotent; a leftover LUN with our path is repaired in place or,
 * when its backing store settings differ, recreated; a LUN under our number with another path is never
 * touched. If anything fails after this start created the LUN, the LUN is deleted again.
 */
record LunStart(OperationContext ctx, LunConfig config, BoundedTgt tgt, Path holdDir) {
    OcfExitCode run() {
        Duration reserve = Duration.ofMillis(Math.max(300, Math.min(3000, tgt.deadline().remaining().toMillis() / 5)));
        BoundedTgt work = tgt.until(tgt.deadline().minus(reserve));
        String what = "LUN " + config.lun() + " of " + config.targetIqn();
        int tid = -1;
        boolean created = false;
        try {
            LunLookup found = LunLookup.of(work.reading().showTarget(config.targetIqn()), config);
            if (found.target().isEmpty()) {
                throw OcfException.generic("target " + config.targetIqn() + " is not running on this node:"
                        + " start it first (order the LUN after its target)");
            }
            Target target = found.target().get();
            if (!target.certain()) {
                throw OcfException.generic("whether " + what + " exists and how cannot be told: " + target.doubt());
            }
            tid = target.tid();
            if (found.lun().isPresent()) {
                Lun lun = found.lun().get();
                LunDifferences differences = new LunDifferences(lun, config);
                if (!differences.pathMatches()) {
                    throw OcfException.generic(what + " already exists with backing store " + lun.backingStorePath()
                            + ": refusing to replace another resource's LUN");
                }
                if (differences.problems().isEmpty()) {
                    ctx.log().info(what + " is already running");
                    return OcfExitCode.SUCCESS;
                }
                if (!differences.fixedAtCreation().isEmpty()) {
                    ctx.log().warn(what + " exists with other settings (" + String.join("; ", differences.fixedAtCreation())
                            + "): deleting and creating it again");
                    new LunDeletion(ctx, config, work, holdDir).delete(tid);
                } else {
                    ctx.log().warn(what + " exists half-configured (" + String.join("; ", differences.updatable())
                            + "): completing it");
                    configure(work, tid);
                    if (!lun.online()) {
                        // left offline by a stop that could not finish
                        work.now().updateLun(tid, config.lun(), java.util.Map.of("online", "1"));
                    }
                    verify(work);
                    return OcfExitCode.SUCCESS;
                }
            }
            create(work, tid);
            created = true;
            configure(work, tid);
            verify(work);
            ctx.log().info(what + " started (tid " + tid + ", " + config.path() + ", SCSI ID " + config.scsiId()
                    + ", SN " + config.scsiSn() + ")");
            return OcfExitCode.SUCCESS;
        } catch (RuntimeException e) {
            if (created) {
                rollBack(tid);
            }
            if (e instanceof TgtException t) {
                throw BoundedTgt.toOcf("start of " + what, t);
            }
            throw e;
        }
    }

    private void create(BoundedTgt work, int tid) {
        try {
            work.now().createLun(tid, config.lun(), config.spec());
        } catch (TgtRequestException e) {
            if (e.error() == TgtError.INVALID_REQUEST) {
                throw OcfException.generic("tgtd could not create LUN " + config.lun() + " on " + config.path()
                        + " (missing or unopenable backing store, or unsupported backing store type/flags/block size)");
            }
            throw e;
        }
    }

    private void configure(BoundedTgt work, int tid) {
        try {
            work.now().updateLun(tid, config.lun(), config.lunParams());
        } catch (TgtRequestException e) {
            if (e.error() == TgtError.UNKNOWN_PARAMETER || e.error() == TgtError.INVALID_REQUEST) {
                throw OcfException.configured("tgtd rejects the LUN parameters " + config.lunParams().keySet()
                        + ": " + e.error().message());
            }
            throw e;
        }
    }

    private void verify(BoundedTgt work) {
        LunLookup now = LunLookup.of(work.reading().showTarget(config.targetIqn()), config);
        if (now.lun().isEmpty()) {
            throw OcfException.generic("LUN " + config.lun() + " of " + config.targetIqn() + " vanished during start");
        }
        List<String> problems = new LunDifferences(now.lun().get(), config).problems();
        if (!problems.isEmpty()) {
            throw OcfException.generic("LUN " + config.lun() + " is not as configured after start: "
                    + String.join("; ", problems));
        }
    }

    private void rollBack(int tid) {
        try {
            tgt.now().deleteLun(tid, config.lun());
            ctx.log().warn("start failed: deleted LUN " + config.lun() + " it had created");
        } catch (RuntimeException e) {
            ctx.log().error("roll-back of LUN " + config.lun() + " failed: " + e.getMessage());
        }
    }
}
