// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.account;

import io.tgtha.agent.tgt.BoundedTgt;
import static io.tgtha.agent.account.AccountTgt.describe;
import static io.tgtha.agent.account.AccountTgt.targetsBinding;

import io.tgtha.agent.account.AccountParameters.StopIfBound;
import io.tgtha.ocf.OcfException;
import io.tgtha.ocf.OcfExitCode;
import io.tgtha.ocf.agent.OperationContext;
import io.tgtha.ocf.lock.FileMutex;
import io.tgtha.tgt.Target;
import io.tgtha.tgt.TgtConnectionLostException;
import io.tgtha.tgt.TgtException;
import io.tgtha.tgt.TgtNotRunningException;

import java.io.IOException;
import java.util.List;

/**
 * Stop: never deletes an account a target still binds (tgt would unbind it from every target, and a
 * target left without an incoming account accepts logins without CHAP). Succeeds when tgtd is not
 * running (its accounts died with it) and when the account is already gone.
 */
record AccountStop(OperationContext ctx, AccountConfig config, AccountTgt tgt, PasswordRecords records) {

    OcfExitCode run() {
        String user = config.username();
        try (FileMutex.Held held = tgt.lock("stop account " + user)) {
            List<String> accounts;
            try {
                accounts = tgt.now().accounts();
            } catch (TgtNotRunningException e) {
                ctx.log().info("tgtd (control port " + config.controlPort() + ") is not running, so account " + user
                        + " cannot exist: stopped");
                forget();
                return OcfExitCode.SUCCESS;
            } catch (TgtConnectionLostException e) {
                if (!e.daemonStillListening()) {
                    ctx.log().warn("tgtd went away while stopping account " + user + ": its accounts died with it");
                    forget();
                    return OcfExitCode.SUCCESS;
                }
                throw e;
            }
            if (!accounts.contains(user)) {
                ctx.log().info("account " + user + " does not exist: already stopped");
                forget();
                return OcfExitCode.SUCCESS;
            }
            List<Target> users = targetsBinding(tgt.reading().showTargets(), user);
            if (!users.isEmpty()) {
                String msg = "account " + user + " is still bound to targets " + describe(users)
                        + ": NOT deleting it (tgt would unbind it from all of them and they would accept logins"
                        + " without CHAP)";
                if (config.stopIfBound() == StopIfBound.FAIL) {
                    throw OcfException.generic(msg + "; stop_if_bound=fail");
                }
                ctx.log().warn(msg + "; the account stays and stop reports success (stop_if_bound=keep);"
                        + " stop the targets first (ordering tgtd -> accounts -> targets)");
                return OcfExitCode.SUCCESS;
            }
            tgt.removeUnboundAccount(user);
            forget();
            ctx.log().info("deleted account " + user);
            return OcfExitCode.SUCCESS;
        } catch (TgtException e) {
            throw BoundedTgt.toOcf("stop of account " + config.username(), e);
        }
    }

    private void forget() {
        try {
            records.forget(config.username());
        } catch (IOException e) {
            ctx.log().warn("cannot remove the record of account " + config.username() + ": " + e.getMessage());
        }
    }
}
