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
 */
public record Target(int tid, String iqn, TargetState state, String driver, Integer nopInterval, Integer nopCount,
                     List<ItNexus> nexuses, List<Lun> luns, List<String> incomingAccounts, String outgoingAccount,
                     List<String> aclAddresses, List<String> aclInitiatorNames) {

    public Target {
        nexuses = List.copyOf(nexuses);
        luns = List.copyOf(luns);
        incomingAccounts = List.copyOf(incomingAccounts);
        aclAddresses = List.copyOf(aclAddresses);
        aclInitiatorNames = List.copyOf(aclInitiatorNames);
    }

    public Optional<Lun> lun(long lun) {
        for (Lun l : luns) { // a loop, not a stream: every LUN monitor calls this (see ShowParser)
            if (l.lun() == lun) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    public Optional<String> outgoingAccountOpt() {
        return Optional.ofNullable(outgoingAccount);
    }

    public boolean hasSessions() {
        return !nexuses.isEmpty();
    }
}
