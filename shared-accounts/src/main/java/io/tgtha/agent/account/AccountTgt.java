// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.account;

import io.tgtha.agent.tgt.BoundedTgt;
import io.tgtha.ocf.agent.OperationContext;
import io.tgtha.ocf.lock.FileMutex;
import io.tgtha.tgt.AccountDirection;
import io.tgtha.tgt.DiscoveryAccounts;
import io.tgtha.tgt.Target;
import io.tgtha.tgt.TgtClient;
import io.tgtha.tgt.TgtError;
import io.tgtha.tgt.TgtRequestException;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One operation's view of its tgtd: requests bounded by the operation's deadline ({@link BoundedTgt}, as the
 * target and LUN agents make them), the node's {@code tgt-config} lock (which the target agents hold while they
 * bind accounts), and what start and stop both do with an account.
 */
final class AccountTgt {
    private final OperationContext ctx;
    private final BoundedTgt tgt;
    private final Path lockDir;

    AccountTgt(OperationContext ctx, TgtClient client, Path lockDir) {
        this.ctx = ctx;
        this.tgt = new BoundedTgt(client, ctx.deadline());
        this.lockDir = lockDir;
    }

    /** The client for a change or a short query ({@link BoundedTgt#now()}). */
    TgtClient now() {
        return tgt.now();
    }

    /** The client for a show of tgtd's targets ({@link BoundedTgt#reading()}). */
    TgtClient reading() {
        return tgt.reading();
    }

    FileMutex.Held lock(String note) {
        return new FileMutex(lockDir, FileMutex.TGT_CONFIG).acquireOrFail(ctx.deadline(), note);
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
