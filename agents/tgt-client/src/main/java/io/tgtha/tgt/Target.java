// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import java.util.List;
import java.util.Optional;

/**
 * One target as shown by tgtd.
 *
 * @param incomingAccounts in tgtd's slot order: this order matters for
 *                         {@link TgtClient#unbindAccountSafely(int, String)}
 * @param outgoingAccount  null when none
 * @param aclAddresses     initiator-address rules ("ALL", "10.0.0.1", "10.0.0.0/24", "[::1]")
 * @param aclInitiatorNames initiator-name rules (IQNs)
 * @param nopInterval      seconds, null when tgtd does not show it (0 = off)
 * @param doubt            null when every field is a fact; otherwise why tgtd's output cannot be told from
 *                         what an initiator wrote into it: then tid and IQN (from tgtd's LLD list) are facts,
 *                         state is null and the lists are empty (see {@link TargetShowReader})
 * @param nexuses          every real session; where an initiator's name or alias holds line breaks, an entry may
 *                         also be its imitation of a session of this same target (never of anything else, and
 *                         its address is still a bare IP literal): none is listed when none exists
 */
public record Target(int tid, String iqn, TargetState state, String driver, Integer nopInterval, Integer nopCount,
                     List<ItNexus> nexuses, List<Lun> luns, List<String> incomingAccounts, String outgoingAccount,
                     List<String> aclAddresses, List<String> aclInitiatorNames, String doubt) {

    public Target {
        nexuses = List.copyOf(nexuses);
        luns = List.copyOf(luns);
        incomingAccounts = List.copyOf(incomingAccounts);
        aclAddresses = List.copyOf(aclAddresses);
        aclInitiatorNames = List.copyOf(aclInitiatorNames);
    }

    /** A target every field of which is a fact. */
    public Target(int tid, String iqn, TargetState state, String driver, Integer nopInterval, Integer nopCount,
                  List<ItNexus> nexuses, List<Lun> luns, List<String> incomingAccounts, String outgoingAccount,
                  List<String> aclAddresses, List<String> aclInitiatorNames) {
        this(tid, iqn, state, driver, nopInterval, nopCount, nexuses, luns, incomingAccounts, outgoingAccount,
                aclAddresses, aclInitiatorNames, null);
    }

    /** A target known only by tid and IQN: the rest of tgtd's output about it cannot be trusted. */
    public static Target doubtful(int tid, String iqn, String why) {
        return new Target(tid, iqn, null, null, null, null, List.of(), List.of(), List.of(), null, List.of(),
                List.of(), why);
    }

    /** True when all of this is fact; see {@link #doubt()}. */
    public boolean certain() {
        return doubt == null;
    }

    public Optional<Lun> lun(long lun) {
        for (Lun l : luns) { // LUN monitor: cold path, see docs/architecture.md, "House rules"
            if (l.lun() == lun) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    /** Exact even with imitations: tgtd prints the first session's line itself, and no line when there is none. */
    public boolean hasSessions() {
        return !nexuses.isEmpty();
    }
}
