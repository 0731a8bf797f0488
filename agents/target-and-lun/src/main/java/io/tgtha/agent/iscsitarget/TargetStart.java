// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.iscsitarget;

import io.tgtha.agent.tgt.BoundedTgt;
import io.tgtha.ocf.Deadline;
import io.tgtha.ocf.OcfException;
import io.tgtha.ocf.OcfExitCode;
import io.tgtha.ocf.agent.OperationContext;
import io.tgtha.ocf.lock.FileMutex;
import io.tgtha.tgt.AccountDirection;
import io.tgtha.tgt.Target;
import io.tgtha.tgt.TargetName;
import io.tgtha.tgt.TargetState;
import io.tgtha.tgt.TgtError;
import io.tgtha.tgt.TgtException;
import io.tgtha.tgt.TgtRequestException;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Start: idempotent, and all-or-nothing.
 *
 * <p>The whole configuration change runs under {@code FileMutex.TGT_CONFIG} (tid choice, account
 * creation in legacy mode). A new target is put offline right after creation and only set ready once
 * every account and ACL is in place and a fresh show of it confirms it, so no initiator ever logs in to
 * a half-built target (in particular not to one that should want CHAP but has no account yet). If
 * anything fails after creation, the target this start created is force-deleted again.
 *
 * <p>A target with our IQN that already exists (a crashed start, a stop that never finished) is
 * completed in place when that only means adding things; it is rebuilt (deleted and created again) when
 * it has the wrong tid or an incoming account that must go, because tgt-ha never unbinds incoming accounts.
 */
final class TargetStart {
    private static final int CREATE_ATTEMPTS = 5;

    private final OperationContext ctx;
    private final TargetConfig config;
    private final BoundedTgt tgt;
    private final FileMutex mutex;
    private boolean createdIncomingAccount;
    private boolean createdOutgoingAccount;

    TargetStart(OperationContext ctx, TargetConfig config, BoundedTgt tgt, FileMutex mutex) {
        this.ctx = ctx;
        this.config = config;
        this.tgt = tgt;
        this.mutex = mutex;
    }

    OcfExitCode run() {
        Deadline full = tgt.deadline();
        BoundedTgt work = tgt.until(full.minus(rollbackReserve(full.remaining())));
        try (FileMutex.Held lock = mutex.acquireOrFail(work.deadline(), "start target " + config.iqn())) {
            return startLocked(work);
        } catch (TgtException e) {
            throw BoundedTgt.toOcf("start of target " + config.iqn(), e);
        }
    }

    /** Time kept back so a failed start can still delete what it created before Pacemaker's timeout. */
    static Duration rollbackReserve(Duration remaining) {
        long ms = Math.max(300, Math.min(3000, remaining.toMillis() / 5));
        return Duration.ofMillis(Math.min(ms, remaining.toMillis() / 2));
    }

    /**
     * Reads only what it needs under the lock, never every target of the node: its own target
     * ({@code showTarget}, only that block read), the tids in use (the LLD list) when it creates one, and the
     * account names only when it may have to create an account (legacy mode).
     */
    private OcfExitCode startLocked(BoundedTgt work) {
        Optional<Target> existing = work.reading().showTarget(config.iqn());
        if (existing.isPresent() && !existing.get().certain()) {
            throw OcfException.generic("target " + config.iqn() + " (tid " + existing.get().tid() + ") exists, but "
                    + "whether it is as configured cannot be told: " + existing.get().doubt());
        }
        if (existing.isPresent()) {
            TargetCheck check = new TargetCheck(existing.get(), config);
            List<String> problems = check.problems();
            if (problems.isEmpty()) {
                ctx.log().info("target " + config.iqn() + " is already running as tid " + existing.get().tid());
                return OcfExitCode.SUCCESS;
            }
            if (check.needsRebuild()) {
                ctx.log().warn("target " + config.iqn() + " (tid " + existing.get().tid() + ") exists but cannot be"
                        + " repaired in place (" + String.join("; ", problems) + "): deleting and creating it again");
                work.now().forceDeleteTarget(existing.get().tid());
                existing = work.reading().showTarget(config.iqn());
                if (existing.isPresent()) {
                    throw OcfException.generic("target " + config.iqn() + " is still present after a forced delete");
                }
            } else {
                ctx.log().warn("target " + config.iqn() + " (tid " + existing.get().tid() + ") exists half-built ("
                        + String.join("; ", problems) + "): completing it");
            }
        }
        boolean created = existing.isEmpty();
        Target before = existing.orElse(null);
        int tid = created ? create(work) : before.tid();
        try {
            // offline until complete: no login may reach a target whose accounts or ACLs are not all there yet
            work.now().setTargetState(tid, TargetState.OFFLINE);
            configure(work, tid, before);
            work.now().setTargetState(tid, TargetState.READY);
            verify(work, tid);
            ctx.log().info("target " + config.iqn() + " started as tid " + tid);
            return OcfExitCode.SUCCESS;
        } catch (RuntimeException e) {
            rollBack(tid, created);
            throw e;
        }
    }

    private int create(BoundedTgt work) {
        List<TargetName> live = work.reading().targetNames();
        Set<Integer> raced = new HashSet<>();
        for (int attempt = 1; attempt <= CREATE_ATTEMPTS; attempt++) {
            int tid;
            if (config.tid().isPresent()) {
                tid = config.tid().get();
                for (TargetName t : live) {
                    if (t.tid() == tid) {
                        throw OcfException.generic("tid " + tid + " is already used by target " + t.iqn());
                    }
                }
            } else {
                tid = TidAllocator.lowestFree(live, raced);
            }
            try {
                work.now().createTarget(tid, config.iqn());
                ctx.log().info("created target " + config.iqn() + " with tid " + tid
                        + (config.tid().isPresent() ? "" : " (lowest free tid)"));
                return tid;
            } catch (TgtRequestException e) {
                if (e.error() != TgtError.TARGET_EXISTS) {
                    throw e;
                }
                // someone outside tgt-ha's lock (tgt-admin?) took the tid, or created our name meanwhile
                live = work.reading().targetNames();
                if (live.stream().anyMatch(t -> t.iqn().equals(config.iqn()))) {
                    throw OcfException.generic("target " + config.iqn() + " was created concurrently by another tool");
                }
                if (config.tid().isPresent()) {
                    throw OcfException.generic("tid " + tid + " was taken concurrently by another tool");
                }
                raced.add(tid);
            }
        }
        throw OcfException.generic("could not create target " + config.iqn() + ": tids kept being taken by another tool");
    }

    /** Adds what is missing and removes what may safely be removed; never unbinds an incoming account. */
    private void configure(BoundedTgt work, int tid, Target before) {
        for (Map.Entry<String, String> p : config.targetParams().entrySet()) {
            try {
                work.now().updateTargetParam(tid, p.getKey(), p.getValue());
            } catch (TgtRequestException e) {
                if (e.error() == TgtError.UNKNOWN_PARAMETER || e.error() == TgtError.INVALID_REQUEST) {
                    throw OcfException.configured("tgtd rejects target parameter " + p.getKey() + "=" + p.getValue()
                            + ": " + e.error().message());
                }
                throw e;
            }
        }
        List<String> boundIncoming = before == null ? List.of() : before.incomingAccounts();
        List<String> accounts = config.managesIncomingAccount() || config.managesOutgoingAccount()
                ? work.now().accounts() : List.of();
        if (config.managesIncomingAccount()) {
            String user = config.incomingUsers().get(0);
            if (!accounts.contains(user)) {
                createAccount(work, user, config.incomingPassword().get().read().reveal());
                createdIncomingAccount = true;
            } else {
                ctx.log().debug("incoming account " + user + " exists; its password is not changed");
            }
        }
        for (String user : config.incomingUsers()) {
            if (!boundIncoming.contains(user)) {
                bind(work, tid, user, AccountDirection.INCOMING);
            }
        }
        String boundOutgoing = before == null ? null : before.outgoingAccount();
        String wantedOutgoing = config.outgoingUser().orElse(null);
        if (boundOutgoing != null && !boundOutgoing.equals(wantedOutgoing)) {
            // one outgoing slot per target: unbinding it cannot leave a hole
            work.now().unbindAccount(tid, boundOutgoing, AccountDirection.OUTGOING);
        }
        if (wantedOutgoing != null && !wantedOutgoing.equals(boundOutgoing)) {
            if (config.managesOutgoingAccount() && !accounts.contains(wantedOutgoing)) {
                createAccount(work, wantedOutgoing, config.outgoingPassword().get().read().reveal());
                createdOutgoingAccount = true;
            }
            bind(work, tid, wantedOutgoing, AccountDirection.OUTGOING);
        }
        TargetCheck acl = before == null ? null : new TargetCheck(before, config);
        if (acl != null) {
            for (String a : acl.extraAddresses()) {
                work.now().unbindInitiatorAddress(tid, a);
            }
            for (String n : acl.extraNames()) {
                work.now().unbindInitiatorName(tid, n);
            }
        }
        for (String n : acl == null ? config.acl().names() : acl.missingNames()) {
            work.now().bindInitiatorName(tid, n);
        }
        for (String a : acl == null ? config.acl().addresses() : acl.missingAddresses()) {
            work.now().bindInitiatorAddress(tid, a);
        }
    }

    private void createAccount(BoundedTgt work, String user, String password) {
        try {
            work.now().createAccount(user, password);
            ctx.log().info("created account " + user + " (legacy: password given in the target resource)");
        } catch (TgtRequestException e) {
            if (e.error() != TgtError.USER_EXISTS) {
                throw e;
            }
        }
    }

    private void bind(BoundedTgt work, int tid, String user, AccountDirection direction) {
        try {
            work.now().bindAccount(tid, user, direction);
        } catch (TgtRequestException e) {
            if (e.error() == TgtError.NO_SUCH_USER) {
                throw OcfException.generic(direction.name().toLowerCase() + " account '" + user + "' does not exist:"
                        + " it is created by the ocf:tgtha:account clone, which must be started (and ordered) before"
                        + " the targets that use it");
            }
            if (e.error() != TgtError.ACCOUNT_ALREADY_BOUND) {
                throw e;
            }
        }
    }

    private void verify(BoundedTgt work, int tid) {
        Optional<Target> now = work.reading().showTarget(config.iqn());
        if (now.isEmpty() || now.get().tid() != tid) {
            throw OcfException.generic("target " + config.iqn() + " vanished during start");
        }
        if (!now.get().certain()) {
            // every request of this start succeeded; only the re-read cannot be trusted: not a failure
            ctx.log().warn("target " + config.iqn() + " started, but the check after it cannot be trusted: "
                    + now.get().doubt());
            return;
        }
        List<String> problems = new TargetCheck(now.get(), config).problems();
        if (!problems.isEmpty()) {
            throw OcfException.generic("target " + config.iqn() + " is not as configured after start: "
                    + String.join("; ", problems));
        }
    }

    /** Undoes this start within the reserve kept for it; failures here are logged, the original error wins. */
    private void rollBack(int tid, boolean created) {
        try {
            if (created) {
                tgt.now().forceDeleteTarget(tid);
                ctx.log().warn("start failed: deleted the target " + config.iqn() + " (tid " + tid + ") it had created");
            } else {
                tgt.now().setTargetState(tid, TargetState.OFFLINE);
                ctx.log().warn("start failed: left the pre-existing target " + config.iqn() + " offline");
            }
            if (createdIncomingAccount) {
                LegacyAccounts.deleteIfUnbound(ctx, tgt, config.incomingUsers().get(0));
            }
            if (createdOutgoingAccount) {
                LegacyAccounts.deleteIfUnbound(ctx, tgt, config.outgoingUser().get());
            }
        } catch (RuntimeException e) {
            ctx.log().error("roll-back of target " + config.iqn() + " failed: " + e.getMessage());
        }
    }
}
