// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.account;

import io.tgtha.agent.tgt.BoundedTgt;
import static io.tgtha.agent.account.AccountTgt.describe;
import static io.tgtha.agent.account.AccountTgt.lower;
import static io.tgtha.agent.account.AccountTgt.targetsBinding;

import io.tgtha.agent.account.PasswordRecords.Verdict;
import io.tgtha.ocf.OcfException;
import io.tgtha.ocf.OcfExitCode;
import io.tgtha.ocf.Secret;
import io.tgtha.ocf.agent.OperationContext;
import io.tgtha.ocf.lock.FileMutex;
import io.tgtha.tgt.AccountDirection;
import io.tgtha.tgt.DiscoveryAccounts;
import io.tgtha.tgt.Target;
import io.tgtha.tgt.TgtError;
import io.tgtha.tgt.TgtException;
import io.tgtha.tgt.TgtRequestException;

import java.io.IOException;
import java.util.List;

/**
 * Start: create the account, or adopt the identical one. tgt can neither read a secret back nor change
 * one in place, so "identical" means: the account exists and this agent's record of the secret it was
 * created with ({@link PasswordRecords}) matches. A different or unknown secret is made certain by
 * delete + re-create only while no target binds the account; while targets bind it, a known change
 * fails the start (a delete would take it from those targets) and an unknown one is adopted with a
 * warning. Everything under the node's {@code tgt-config} lock.
 */
record AccountStart(OperationContext ctx, AccountConfig config, Secret secret, AccountTgt tgt, PasswordRecords records) {

    OcfExitCode run() {
        String user = config.username();
        try (FileMutex.Held held = tgt.lock("start account " + user)) {
            if (!tgt.now().accounts().contains(user)) {
                create();
                ctx.log().info("created account " + user);
            } else {
                adoptOrRecreate();
            }
            if (config.discovery()) {
                ensureDiscoveryBinding();
            }
            if (!tgt.now().accounts().contains(user)) {
                throw OcfException.generic("account " + user + " is missing from tgtd right after start");
            }
            return OcfExitCode.SUCCESS;
        } catch (TgtException e) {
            throw BoundedTgt.toOcf("start of account " + config.username(), e);
        }
    }

    private void adoptOrRecreate() {
        String user = config.username();
        Verdict verdict = verdict();
        if (verdict == Verdict.SAME) {
            ctx.log().info("account " + user + " already exists with the configured secret: adopted");
            return;
        }
        List<Target> users = targetsBinding(tgt.reading().showTargets(), user);
        String why = verdict == Verdict.CHANGED ? "with a different secret than configured"
                : "but not created by this agent, so its secret is unknown";
        if (users.isEmpty()) {
            // nobody depends on it: make the secret certain
            tgt.removeUnboundAccount(user);
            create();
            ctx.log().info("account " + user + " existed " + why + " and no target binds it: re-created it");
            return;
        }
        if (verdict == Verdict.UNKNOWN) {
            rememberUnverified();
            ctx.log().warn("account " + user + " already exists " + why + ", and targets " + describe(users)
                    + " bind it: adopted as is (tgt cannot read a secret back, and re-creating it would take it"
                    + " from them)");
            return;
        }
        throw OcfException.generic("account " + user + " exists " + why + " and targets " + describe(users)
                + " bind it; tgt cannot change a secret in place and re-creating the account would take it from"
                + " them: stop those targets first (the ordering tgtd -> accounts -> targets does)");
    }

    private void create() {
        tgt.now().createAccount(config.username(), secret.reveal());
        try {
            records.remember(config.username(), secret);
        } catch (IOException | RuntimeException e) {
            ctx.log().warn("cannot record the secret of account " + config.username() + " ("
                    + e.getClass().getSimpleName() + "); a later start cannot tell whether the secret changed");
        }
    }

    private void ensureDiscoveryBinding() {
        String user = config.username();
        AccountDirection direction = config.direction();
        DiscoveryAccounts discovery = tgt.now().discoveryAccounts();
        if (discovery.binds(user, direction)) {
            return;
        }
        if (direction == AccountDirection.OUTGOING && discovery.outgoing() != null) {
            throw OcfException.configured("discovery already has outgoing account " + discovery.outgoing()
                    + " and tgt allows only one: cannot bind " + user);
        }
        try {
            tgt.now().bindDiscoveryAccount(user, direction);
        } catch (TgtRequestException e) {
            if (e.error() != TgtError.ACCOUNT_ALREADY_BOUND) {
                throw e;
            }
        }
        ctx.log().info("bound account " + user + " to discovery sessions (" + lower(direction) + ")");
    }

    private Verdict verdict() {
        try {
            return records.verdict(config.username(), secret);
        } catch (IOException e) {
            return Verdict.UNKNOWN;
        }
    }

    private void rememberUnverified() {
        try {
            records.rememberUnverified(config.username());
        } catch (IOException e) {
            ctx.log().debug("cannot write the record of account " + config.username() + ": " + e.getMessage());
        }
    }
}
