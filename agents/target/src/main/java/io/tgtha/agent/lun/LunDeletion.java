package io.tgtha.agent.lun;

import io.tgtha.agent.target.BoundedTgt;
import io.tgtha.ocf.Deadline;
import io.tgtha.ocf.OcfException;
import io.tgtha.ocf.agent.OperationContext;
import io.tgtha.tgt.SessionConnection;
import io.tgtha.tgt.TgtError;
import io.tgtha.tgt.TgtRequestException;

import java.time.Duration;
import java.util.Map;

/**
 * Deletes a LUN within the operation's deadline. tgtd refuses (LUN_ACTIVE) while commands for the LUN
 * are queued, which under load is nearly always; the stock agent loops until Pacemaker kills it. Here:
 * <ol>
 * <li>try the delete;</li>
 * <li>on LUN_ACTIVE set the LUN offline (online=0): new commands fail at once instead of queueing, so
 *     the queue drains; retry with a short backoff;</li>
 * <li>when only the reserve is left, close the target's connections (every LUN of the target loses its
 *     sessions; initiators reconnect) and retry until the deadline;</li>
 * <li>then fail with a clear reason, still before Pacemaker's timeout.</li>
 * </ol>
 */
final class LunDeletion {
    private final OperationContext ctx;
    private final LunConfig config;
    private final BoundedTgt tgt;

    LunDeletion(OperationContext ctx, LunConfig config, BoundedTgt tgt) {
        this.ctx = ctx;
        this.config = config;
        this.tgt = tgt;
    }

    static Duration reserve(Duration remaining) {
        long ms = Math.max(500, Math.min(3000, remaining.toMillis() / 4));
        return Duration.ofMillis(Math.min(ms, remaining.toMillis() / 2));
    }

    /** Returns once the LUN is gone (or was never there). */
    void delete(int tid) {
        Deadline soft = tgt.deadline().minus(reserve(tgt.deadline().remaining()));
        boolean offline = false;
        boolean closed = false;
        long pause = 10;
        long start = System.nanoTime();
        int attempts = 0;
        while (true) {
            attempts++;
            try {
                tgt.now().deleteLun(tid, config.lun());
                if (attempts > 1) {
                    ctx.log().info("LUN " + config.lun() + " deleted after " + attempts + " attempts in "
                            + (System.nanoTime() - start) / 1_000_000 + " ms");
                }
                return;
            } catch (TgtRequestException e) {
                if (e.error() == TgtError.NO_SUCH_LUN || e.error() == TgtError.NO_SUCH_TARGET) {
                    return;
                }
                if (e.error() != TgtError.LUN_ACTIVE) {
                    throw e;
                }
            }
            if (!offline) {
                offline = true;
                try {
                    tgt.now().updateLun(tid, config.lun(), Map.of("online", "0"));
                } catch (TgtRequestException e) {
                    ctx.log().debug("setting LUN " + config.lun() + " offline: " + e.getMessage());
                }
            }
            if (!closed && soft.expired()) {
                closed = true;
                ctx.log().warn("LUN " + config.lun() + " of " + config.targetIqn() + " still busy after "
                        + (System.nanoTime() - start) / 1_000_000 + " ms: closing the target's connections");
                closeConnections(tid);
            }
            if (tgt.deadline().remaining().toMillis() < pause + 100) {
                throw OcfException.generic("LUN " + config.lun() + " of " + config.targetIqn()
                        + " is still busy (tgtd: logical unit still active) after " + attempts + " attempts in "
                        + (System.nanoTime() - start) / 1_000_000 + " ms");
            }
            sleep(pause);
            pause = Math.min(pause * 2, 200);
        }
    }

    private void closeConnections(int tid) {
        try {
            for (SessionConnection c : tgt.now().connections(tid)) {
                try {
                    tgt.now().closeConnection(tid, c.sid(), c.cid());
                } catch (TgtRequestException e) {
                    ctx.log().debug("closing connection " + c.sid() + "/" + c.cid() + ": " + e.getMessage());
                }
            }
        } catch (TgtRequestException e) {
            ctx.log().debug("listing connections of tid " + tid + ": " + e.getMessage());
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw OcfException.generic("interrupted");
        }
    }
}
