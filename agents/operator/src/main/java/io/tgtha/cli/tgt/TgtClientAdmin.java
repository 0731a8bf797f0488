// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.tgt;

import io.tgtha.cli.CliException;
import io.tgtha.cli.ExitCode;
import io.tgtha.tgt.IscsiConnection;
import io.tgtha.tgt.ItNexus;
import io.tgtha.tgt.Lun;
import io.tgtha.tgt.Printable;
import io.tgtha.tgt.ProvenPeerAddresses;
import io.tgtha.tgt.Target;
import io.tgtha.tgt.TargetState;
import io.tgtha.tgt.TgtClient;
import io.tgtha.tgt.TgtException;
import io.tgtha.tgt.TgtNotRunningException;
import io.tgtha.tgt.TgtTimeoutException;

import java.util.ArrayList;
import java.util.List;

/** {@link TgtAdmin} over tgtd's management socket (the tgt-client module): no tgtadm process per call. */
public final class TgtClientAdmin implements TgtAdmin {
    private final TgtClient client;

    public TgtClientAdmin(TgtClient client) {
        this.client = client;
    }

    @Override
    public List<TargetInfo> targets() {
        try {
            List<TargetInfo> out = new ArrayList<>();
            for (Target t : client.showTargets()) {
                out.add(convert(t));
            }
            return out;
        } catch (TgtException e) {
            throw translate(e);
        }
    }

    @Override
    public ProvenPeerAddresses provenAddresses(TargetInfo target) {
        try {
            return client.provenPeerAddresses(target.tid(), target.iqn());
        } catch (TgtException e) {
            throw translate(e);
        }
    }

    @Override
    public void setState(int tid, String state) {
        try {
            client.setTargetState(tid, TargetState.fromTgtName(state));
        } catch (TgtException e) {
            throw translate(e);
        }
    }

    static TargetInfo convert(Target t) {
        List<LunInfo> luns = new ArrayList<>();
        for (Lun l : t.luns()) {
            luns.add(new LunInfo((int) l.lun(), l.type(), l.sizeMb(), l.online(), l.readonly(), l.backingStoreType(),
                    l.backingStorePath()));
        }
        List<AccountBinding> accounts = new ArrayList<>();
        t.incomingAccounts().forEach(a -> accounts.add(new AccountBinding(a, false)));
        if (t.outgoingAccount() != null) {
            accounts.add(new AccountBinding(t.outgoingAccount(), true));
        }
        List<String> acls = new ArrayList<>(t.aclAddresses());
        acls.addAll(t.aclInitiatorNames());
        List<SessionInfo> sessions = new ArrayList<>();
        for (ItNexus n : t.nexuses()) {
            List<ConnectionInfo> conns = new ArrayList<>();
            for (IscsiConnection c : n.connections()) {
                conns.add(new ConnectionInfo(c.cid(), c.initiatorAddress()));
            }
            // the initiator wrote its name: never raw onto an operator's terminal
            sessions.add(new SessionInfo(n.id(), n.initiator() == null ? "(unreadable)" : Printable.escaped(n.initiator()),
                    conns));
        }
        return new TargetInfo(t.tid(), t.iqn(), t.certain() ? t.state().tgtName() : "unknown", luns, accounts, acls,
                sessions, t.doubt());
    }

    private CliException translate(TgtException e) {
        if (e instanceof TgtNotRunningException) {
            return new CliException(ExitCode.TGTD_UNAVAILABLE, "tgtd is not running"
                    + (client.controlPort() == 0 ? "" : " on control port " + client.controlPort()));
        }
        if (e instanceof TgtTimeoutException) {
            return new CliException(ExitCode.TGTD_UNAVAILABLE, "tgtd did not answer: " + e.getMessage());
        }
        return new CliException(ExitCode.COMMAND_FAILED, e.getMessage());
    }
}
