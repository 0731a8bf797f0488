// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.iscsitarget;

import io.tgtha.agent.tgt.BoundedTgt;
import io.tgtha.ocf.agent.OperationContext;
import io.tgtha.tgt.Target;
import io.tgtha.tgt.TgtError;
import io.tgtha.tgt.TgtRequestException;
import io.tgtha.tgt.TgtState;

import java.util.ArrayList;
import java.util.List;

/**
 * Accounts a target resource created itself (legacy {@code incoming_password}). Deleting a tgt account
 * unbinds it from EVERY target, and a target left without incoming accounts accepts logins without
 * CHAP; so such an account is deleted only when no target at all is bound to it, checked under
 * {@code TGT_CONFIG} (which every tgt-ha bind holds) right before the delete.
 */
final class LegacyAccounts {
    private LegacyAccounts() {
    }

    /** Caller holds {@code TGT_CONFIG}. */
    static void deleteIfUnbound(OperationContext ctx, BoundedTgt tgt, String user) {
        TgtState state = tgt.reading().show();
        if (!state.hasAccount(user)) {
            return;
        }
        List<String> users = state.targets().stream()
                .filter(t -> t.incomingAccounts().contains(user) || user.equals(t.outgoingAccount()))
                .map(Target::iqn).toList();
        if (!users.isEmpty()) {
            ctx.log().info("kept account " + user + ": still bound to " + users);
            return;
        }
        try {
            tgt.now().deleteAccount(user);
            ctx.log().info("deleted account " + user + " (legacy: no target is bound to it any more)");
        } catch (TgtRequestException e) {
            if (e.error() != TgtError.NO_SUCH_USER) {
                throw e;
            }
        }
    }
}
