// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.account;

import io.tgtha.agent.tgt.BoundedTgt;
import static io.tgtha.agent.account.AccountTgt.lower;

import io.tgtha.ocf.OcfException;
import io.tgtha.ocf.OcfExitCode;
import io.tgtha.ocf.agent.OperationContext;
import io.tgtha.tgt.AccountDirection;
import io.tgtha.tgt.Target;
import io.tgtha.tgt.TgtException;
import io.tgtha.tgt.TgtNotRunningException;

import java.util.List;

/**
 * Monitor, depth 0: the account exists. Depth 10 also: the discovery binding is in place (a lost one
 * fails), targets bind it in the configured direction and its secret is known (both only warn).
 */
record AccountMonitor(OperationContext ctx, AccountConfig config, AccountTgt tgt, PasswordRecords records) {

    OcfExitCode run() {
        String user = config.username();
        try {
            List<String> accounts;
            try {
                accounts = tgt.now().accounts();
            } catch (TgtNotRunningException e) {
                return notRunning("tgtd (control port " + config.controlPort() + ") is not running, so account "
                        + user + " does not exist");
            }
            if (!accounts.contains(user)) {
                return notRunning("account " + user + " has disappeared from tgtd");
            }
            if (ctx.env().checkLevel() >= 10) {
                thoroughCheck();
            }
            return OcfExitCode.SUCCESS;
        } catch (TgtException e) {
            throw BoundedTgt.toOcf("monitor of account " + config.username(), e);
        }
    }

    /** A probe expects "not running" without a reason; a recurring monitor says why. */
    private OcfExitCode notRunning(String reason) {
        if (ctx.isProbe()) {
            return OcfExitCode.NOT_RUNNING;
        }
        throw new OcfException(OcfExitCode.NOT_RUNNING, reason);
    }

    private void thoroughCheck() {
        String user = config.username();
        AccountDirection direction = config.direction();
        for (Target t : tgt.reading().showTargets()) {
            boolean incoming = t.incomingAccounts().contains(user);
            boolean outgoing = user.equals(t.outgoingAccount());
            if ((incoming && direction == AccountDirection.OUTGOING)
                    || (outgoing && direction == AccountDirection.INCOMING)) {
                ctx.log().warn("target " + t.iqn() + " (tid " + t.tid() + ") binds account " + user + " as "
                        + (incoming ? "incoming" : "outgoing") + " but the account is configured as "
                        + lower(direction));
            }
        }
        if (config.discovery() && !tgt.now().discoveryAccounts().binds(user, direction)) {
            throw OcfException.generic("account " + user + " is no longer bound to discovery (" + lower(direction) + ")");
        }
        if (!records.exists(user)) {
            ctx.log().warn("account " + user + " was not created by this agent (no record of its secret):"
                    + " its secret is unverified");
        }
    }
}
