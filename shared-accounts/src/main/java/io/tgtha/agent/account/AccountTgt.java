// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.account;

import io.tgtha.ocf.OcfException;
import io.tgtha.ocf.agent.OperationContext;
import io.tgtha.ocf.lock.FileMutex;
import io.tgtha.ocf.lock.MutexTimeoutException;
import io.tgtha.tgt.AccountDirection;
import io.tgtha.tgt.DiscoveryAccounts;
import io.tgtha.tgt.Target;
import io.tgtha.tgt.TgtClient;
import io.tgtha.tgt.TgtError;
import io.tgtha.tgt.TgtRequestException;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One operation's view of its tgtd: requests bounded by the operation's deadline, the node's
 * {@code tgt-config} lock (which the target agents hold while they bind accounts), and what start and
 * stop both do with an account.
 */
final class AccountTgt {
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final OperationContext ctx;
    private final TgtClient base;
    private final Path lockDir;

    AccountTgt(OperationContext ctx, TgtClient base, Path lockDir) {
        this.ctx = ctx;
        this.base = base;
        this.lockDir = lockDir;
    }

    /** The client, its per-request timeout capped by what is left of the operation. */
    TgtClient now() {
        Duration left = ctx.deadline().cap(REQUEST_TIMEOUT);
        if (left.toMillis() < 1) {
            throw OcfException.generic("operation deadline reached while talking to tgtd");
        }
        return base.withTimeout(left);
    }

    int controlPort() {
        return base.controlPort();
    }

    FileMutex.Held lock(String note) {
        FileMutex mutex = new FileMutex(lockDir, FileMutex.TGT_CONFIG);
        try {
            return mutex.acquire(ctx.deadline(), note);
        } catch (MutexTimeoutException e) {
            throw OcfException.generic("could not get the tgt configuration lock " + mutex.file() + " in time: "
                    + e.getMessage());
        } catch (IOException e) {
            throw OcfException.generic("cannot use the lock " + mutex.file() + ": " + e.getMessage());
        }
    }

    /** Caller holds the lock and has seen that no target binds the account; discovery goes hole-free first. */
    void removeUnboundAccount(String user) {
        DiscoveryAccounts discovery = now().discoveryAccounts();
        for (AccountDirection d : AccountDirection.values()) {
            if (discovery.binds(user, d)) {
                now().unbindDiscoveryAccount(user, d);
                ctx.log().info("unbound " + lower(d) + " account " + user + " from discovery");
            }
        }
        try {
            now().deleteAccount(user);
        } catch (TgtRequestException e) {
            if (e.error() != TgtError.NO_SUCH_USER) {
                throw e;
            }
        }
    }

    /**
     * The targets that bind {@code user}, and those that may: a target whose accounts tgtd's output cannot
     * prove (an initiator's text imitates it, see {@link Target#doubt()}) counts as binding it, so an account
     * is never deleted from under a target on the word of an initiator.
     */
    static List<Target> targetsBinding(List<Target> targets, String user) {
        return targets.stream()
                .filter(t -> !t.certain() || t.incomingAccounts().contains(user) || user.equals(t.outgoingAccount()))
                .toList();
    }

    static String describe(List<Target> targets) {
        return targets.stream().map(t -> t.iqn() + " (tid " + t.tid() + (t.certain() ? ")" : ", may bind it: "
                + t.doubt() + ")")).collect(Collectors.joining(", "));
    }

    static String lower(AccountDirection d) {
        return d.name().toLowerCase(Locale.ROOT);
    }
}
