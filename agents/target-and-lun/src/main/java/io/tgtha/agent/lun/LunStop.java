// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.lun;

import io.tgtha.agent.tgt.BoundedTgt;
import io.tgtha.ocf.OcfExitCode;
import io.tgtha.ocf.agent.OperationContext;
import io.tgtha.tgt.Lun;
import io.tgtha.tgt.TgtException;

import java.nio.file.Path;

/** Stop: delete our LUN within the stop timeout ({@link LunDeletion}); a LUN with another path is not ours. */
record LunStop(OperationContext ctx, LunConfig config, BoundedTgt tgt, Path holdDir) {
    OcfExitCode run() {
        String what = "LUN " + config.lun() + " of " + config.targetIqn();
        try {
            LunLookup found = LunLookup.of(tgt.reading().showTarget(config.targetIqn()), config);
            if (found.target().isPresent() && !found.target().get().certain()) {
                // the LUN may or may not be there: delete it by number in the target the LLD list proves
                ctx.log().warn(what + ": tgtd's output about its target cannot be trusted ("
                        + found.target().get().doubt() + "); deleting the LUN by number");
                new LunDeletion(ctx, config, tgt, holdDir).delete(found.target().get().tid());
                ctx.log().info(what + " deleted");
                return OcfExitCode.SUCCESS;
            }
            if (found.lun().isEmpty()) {
                ctx.log().info(what + " is not present: already stopped");
                return OcfExitCode.SUCCESS;
            }
            Lun lun = found.lun().get();
            if (!config.path().equals(lun.backingStorePath())) {
                ctx.log().warn(what + " is backed by " + lun.backingStorePath() + ", not " + config.path()
                        + ": it is not this resource's LUN, leaving it alone");
                return OcfExitCode.SUCCESS;
            }
            new LunDeletion(ctx, config, tgt, holdDir).delete(found.target().get().tid());
            ctx.log().info(what + " deleted");
            return OcfExitCode.SUCCESS;
        } catch (TgtException e) {
            if (BoundedTgt.daemonGone(e)) {
                ctx.log().warn("tgtd is not running (" + e.getMessage() + "): " + what + " is stopped");
                return OcfExitCode.SUCCESS;
            }
            throw BoundedTgt.toOcf("stop of " + what, e);
        }
    }
}
