package io.tgtha.agent.account;

import io.tgtha.tgt.AccountDirection;
import io.tgtha.tgt.LunSpec;
import io.tgtha.tgt.TargetState;
import io.tgtha.tgt.TgtClient;

import java.nio.file.Path;

/**
 * Targets built and torn down the way tgt-ha's target agent does it for a clone-managed account
 * (incoming_username without incoming_password): bind the existing account BEFORE opening the ACL, so
 * the target never accepts a login without CHAP; on stop go offline, then delete the target (which
 * releases its own bindings only; the account stays).
 */
final class LabTargets {
    private LabTargets() {
    }

    static void start(TgtClient tgt, int tid, String iqn, Path backing, String user) {
        tgt.createTarget(tid, iqn);
        tgt.createLun(tid, 1, LunSpec.disk(backing.toString()));
        tgt.bindAccount(tid, user, AccountDirection.INCOMING);
        tgt.bindInitiatorAddress(tid, "ALL");
    }

    static void stop(TgtClient tgt, int tid) {
        tgt.setTargetState(tid, TargetState.OFFLINE);
        tgt.forceDeleteTarget(tid);
    }
}
