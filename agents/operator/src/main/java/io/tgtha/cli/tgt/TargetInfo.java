// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.tgt;

import java.util.List;

/**
 * One tgtd target as the operator command reports it.
 *
 * @param accounts bound account names (tgtd never shows passwords, and neither do we)
 * @param acls     initiator-address and initiator-name rules, in tgtd's order
 * @param doubt    null, or why tgtd's output about this target cannot be told from an initiator's imitation
 *                 (then only tid and IQN are facts: state "unknown", no LUNs, accounts, ACLs or sessions)
 */
public record TargetInfo(int tid, String iqn, String state, List<LunInfo> luns, List<AccountBinding> accounts,
                         List<String> acls, List<SessionInfo> sessions, String doubt) {
    public TargetInfo {
        luns = List.copyOf(luns);
        accounts = List.copyOf(accounts);
        acls = List.copyOf(acls);
        sessions = List.copyOf(sessions);
    }

    /** Initiator addresses of every connection of every session (none known for a doubtful target). */
    public List<String> initiatorAddresses() {
        return sessions.stream().flatMap(s -> s.connections().stream()).map(ConnectionInfo::address)
                .distinct().toList();
    }
}
