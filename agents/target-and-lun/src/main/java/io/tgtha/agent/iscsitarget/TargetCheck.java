// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.iscsitarget;

import io.tgtha.tgt.Target;
import io.tgtha.tgt.TargetState;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How a live target differs from its configuration. Monitor reports every difference as a failure;
 * start repairs what can be repaired in place and rebuilds the target when it cannot (a wrong tid, or
 * an incoming account that must go: tgt-ha never unbinds incoming accounts, see {@link #needsRebuild()}).
 */
public record TargetCheck(Target actual, TargetConfig wanted) {
    public boolean tidMismatch() {
        return wanted.tid().isPresent() && wanted.tid().get() != actual.tid();
    }

    public List<String> missingIncoming() {
        List<String> out = new ArrayList<>(wanted.incomingUsers());
        out.removeAll(actual.incomingAccounts());
        return out;
    }

    public List<String> extraIncoming() {
        List<String> out = new ArrayList<>(actual.incomingAccounts());
        out.removeAll(wanted.incomingUsers());
        return out;
    }

    public boolean outgoingMismatch() {
        return !Objects.equals(actual.outgoingAccount(), wanted.outgoingUser().orElse(null));
    }

    public List<String> missingAddresses() {
        return minus(wanted.acl().addresses(), actual.aclAddresses());
    }

    public List<String> extraAddresses() {
        return minus(actual.aclAddresses(), wanted.acl().addresses());
    }

    public List<String> missingNames() {
        return minus(wanted.acl().names(), actual.aclInitiatorNames());
    }

    public List<String> extraNames() {
        return minus(actual.aclInitiatorNames(), wanted.acl().names());
    }

    /**
     * An extra incoming account cannot be removed without an unbind, and unbinding any but the last
     * of several incoming accounts makes tgtd 1.0.85 segfault on its next {@code show}. Deleting the
     * target frees its account slots without that risk.
     */
    public boolean needsRebuild() {
        return tidMismatch() || !extraIncoming().isEmpty();
    }

    /** Every difference, in words, for the monitor's exit reason. Empty when the target is exactly right. */
    public List<String> problems() {
        return problems(false);
    }

    /**
     * @param offlineExcused the target is offline on purpose (an {@link io.tgtha.agent.tgt.OfflineHold}): not a problem
     */
    public List<String> problems(boolean offlineExcused) {
        List<String> p = new ArrayList<>();
        if (tidMismatch()) {
            p.add("target has tid " + actual.tid() + ", configured tid is " + wanted.tid().get());
        }
        if (actual.state() != TargetState.READY && !(offlineExcused && actual.state() == TargetState.OFFLINE)) {
            p.add("target state is " + actual.state().tgtName() + ", not ready");
        }
        if (wanted.chapRequired() && actual.incomingAccounts().isEmpty()) {
            p.add("CHAP is configured (incoming_username) but no account is bound: the target would accept"
                    + " logins without authentication");
        } else if (!missingIncoming().isEmpty()) {
            p.add("incoming account(s) " + missingIncoming() + " not bound");
        }
        if (!extraIncoming().isEmpty()) {
            p.add("unexpected incoming account(s) " + extraIncoming() + " bound");
        }
        if (outgoingMismatch()) {
            p.add("outgoing account is " + (actual.outgoingAccount() == null ? "none" : "'" + actual.outgoingAccount() + "'")
                    + ", configured " + (wanted.outgoingUser().isPresent() ? "'" + wanted.outgoingUser().get() + "'" : "none"));
        }
        if (!missingAddresses().isEmpty() || !extraAddresses().isEmpty()) {
            p.add("initiator address ACL is " + actual.aclAddresses() + ", configured " + wanted.acl().addresses());
        }
        if (!missingNames().isEmpty() || !extraNames().isEmpty()) {
            p.add("initiator name ACL is " + actual.aclInitiatorNames() + ", configured " + wanted.acl().names());
        }
        if (wanted.nopInterval().isPresent()) {
            int n = wanted.nopInterval().get();
            int shown = actual.nopInterval() == null ? 0 : actual.nopInterval();
            if (shown != n) {
                p.add("nop_interval is " + shown + ", configured " + n);
            }
        }
        // tgtd prints the NOP lines only while nop_interval is on; a count alone cannot be seen
        if (wanted.nopCount().isPresent() && (actual.nopCount() != null || actual.nopInterval() != null)) {
            int n = wanted.nopCount().get();
            int shown = actual.nopCount() == null ? 0 : actual.nopCount();
            if (shown != n) {
                p.add("nop_count is " + shown + ", configured " + n);
            }
        }
        return p;
    }

    private static List<String> minus(List<String> a, List<String> b) {
        Set<String> drop = new HashSet<>(b);
        return a.stream().filter(s -> !drop.contains(s)).toList();
    }
}
