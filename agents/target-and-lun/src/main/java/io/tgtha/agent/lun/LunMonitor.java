// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.lun;

import io.tgtha.agent.tgt.BoundedTgt;
import io.tgtha.ocf.OcfException;
import io.tgtha.ocf.OcfExitCode;
import io.tgtha.ocf.agent.OperationContext;
import io.tgtha.tgt.TgtException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Monitor (and probe): the target with exactly this IQN has exactly this LUN number backed by exactly
 * this path, with the configured identity. The stock agent only grepped the whole {@code show} output
 * for the path, so a LUN under another target or number passed as "running".
 */
record LunMonitor(OperationContext ctx, LunConfig config, BoundedTgt tgt) {
    OcfExitCode run() {
        LunLookup found;
        try {
            found = LunLookup.of(tgt.reading().showTarget(config.targetIqn()), config);
        } catch (TgtException e) {
            if (BoundedTgt.daemonGone(e)) {
                ctx.log().debug("tgtd is not running: " + e.getMessage());
                return OcfExitCode.NOT_RUNNING;
            }
            throw BoundedTgt.toOcf("monitor of LUN " + config.lun() + " of " + config.targetIqn(), e);
        }
        if (found.target().isPresent() && !found.target().get().certain()) {
            // what an initiator may have written is never a failure: that would let it make Pacemaker act
            ctx.log().warn("LUN " + config.lun() + " of " + config.targetIqn() + " cannot be checked: "
                    + found.target().get().doubt());
            return OcfExitCode.SUCCESS;
        }
        if (found.lun().isEmpty()) {
            return OcfExitCode.NOT_RUNNING;
        }
        List<String> problems = new LunDifferences(found.lun().get(), config).problems();
        if (!problems.isEmpty()) {
            throw OcfException.generic("LUN " + config.lun() + " of " + config.targetIqn() + " (tid "
                    + found.target().get().tid() + "): " + String.join("; ", problems));
        }
        if (ctx.env().checkLevel() >= 10 && config.pathIsFile() && !Files.exists(Path.of(config.path()))) {
            throw OcfException.generic("backing store " + config.path() + " of LUN " + config.lun()
                    + " no longer exists on this node");
        }
        return OcfExitCode.SUCCESS;
    }
}
