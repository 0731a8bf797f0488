// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.account;

import io.tgtha.tgt.AccountDirection;
import io.tgtha.tgt.DiscoveryAccounts;
import io.tgtha.tgt.LunSpec;
import io.tgtha.tgt.SessionConnection;
import io.tgtha.tgt.SystemInfo;
import io.tgtha.tgt.Target;
import io.tgtha.tgt.TargetName;
import io.tgtha.tgt.TargetState;
import io.tgtha.tgt.TgtClient;
import io.tgtha.tgt.TgtError;
import io.tgtha.tgt.TgtNotRunningException;
import io.tgtha.tgt.TgtRequestException;
import io.tgtha.tgt.TgtState;
import io.tgtha.tgt.TgtVersion;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An in-memory tgtd for unit tests of the agent's decisions: accounts (with their secrets, which a
 * real tgtd never shows), targets with incoming/outgoing bindings, discovery bindings, and a journal
 * of mutating calls. Unneeded operations throw.
 */
final class FakeTgtClient implements TgtClient {
    final Map<String, String> secrets = new LinkedHashMap<>();
    final Map<Integer, List<String>> incoming = new TreeMap<>();
    final Map<Integer, String> outgoing = new TreeMap<>();
    final List<String> discoveryIncoming = new ArrayList<>();
    String discoveryOutgoing;
    final List<String> journal = new ArrayList<>();
    boolean running = true;

    void addTarget(int tid) {
        incoming.put(tid, new ArrayList<>());
    }

    @Override
    public TgtClient withTimeout(Duration timeout) {
        return this;
    }

    @Override
    public int controlPort() {
        return 0;
    }

    private void up(String op) {
        if (!running) {
            throw new TgtNotRunningException(op, "/nonexistent/socket.0", null);
        }
    }

    @Override
    public TgtVersion version() {
        return new TgtVersion(1, 0, 85);
    }

    @Override
    public void ping() {
        up("ping");
    }

    @Override
    public SystemInfo showSystem() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void shutdownDaemon() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void createTarget(int tid, String iqn) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void deleteTarget(int tid) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void forceDeleteTarget(int tid) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setTargetState(int tid, TargetState state) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void updateTargetParam(int tid, String name, String value) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Map<String, String> targetParams(int tid) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void createLun(int tid, long lun, LunSpec spec) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void deleteLun(int tid, long lun) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void updateLun(int tid, long lun, Map<String, String> params) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void createAccount(String user, String password) {
        up("create account");
        if (secrets.containsKey(user)) {
            throw new TgtRequestException("create account " + user, TgtError.USER_EXISTS, 14);
        }
        secrets.put(user, password);
        journal.add("create " + user);
    }

    @Override
    public void deleteAccount(String user) {
        up("delete account");
        if (secrets.remove(user) == null) {
            throw new TgtRequestException("delete account " + user, TgtError.NO_SUCH_USER, 15);
        }
        incoming.values().forEach(l -> l.remove(user));
        outgoing.values().removeIf(user::equals);
        discoveryIncoming.remove(user);
        if (user.equals(discoveryOutgoing)) {
            discoveryOutgoing = null;
        }
        journal.add("delete " + user);
    }

    @Override
    public void bindAccount(int tid, String user, AccountDirection direction) {
        up("bind");
        if (!incoming.containsKey(tid)) {
            throw new TgtRequestException("bind", TgtError.NO_SUCH_TARGET, 4);
        }
        if (!secrets.containsKey(user)) {
            throw new TgtRequestException("bind", TgtError.NO_SUCH_USER, 15);
        }
        if (direction == AccountDirection.INCOMING) {
            if (incoming.get(tid).contains(user)) {
                throw new TgtRequestException("bind", TgtError.ACCOUNT_ALREADY_BOUND, 14);
            }
            incoming.get(tid).add(user);
        } else {
            if (outgoing.containsKey(tid)) {
                throw new TgtRequestException("bind", TgtError.OUTGOING_ACCOUNT_EXISTS, 18);
            }
            outgoing.put(tid, user);
        }
        journal.add("bind " + tid + " " + user);
    }

    @Override
    public void unbindAccount(int tid, String user, AccountDirection direction) {
        throw new UnsupportedOperationException("the agent never unbinds from targets");
    }

    @Override
    public void unbindAccountSafely(int tid, String user) {
        throw new UnsupportedOperationException("the agent never unbinds from targets");
    }

    @Override
    public List<String> accounts() {
        up("show accounts");
        List<String> newestFirst = new ArrayList<>(secrets.keySet()); // as tgtd lists them
        java.util.Collections.reverse(newestFirst);
        return List.copyOf(newestFirst);
    }

    @Override
    public void bindDiscoveryAccount(String user, AccountDirection direction) {
        up("bind discovery");
        if (!secrets.containsKey(user)) {
            throw new TgtRequestException("bind", TgtError.NO_SUCH_USER, 15);
        }
        if (direction == AccountDirection.INCOMING) {
            if (discoveryIncoming.contains(user)) {
                throw new TgtRequestException("bind", TgtError.ACCOUNT_ALREADY_BOUND, 14);
            }
            discoveryIncoming.add(user);
        } else {
            if (discoveryOutgoing != null) {
                throw new TgtRequestException("bind", TgtError.OUTGOING_ACCOUNT_EXISTS, 18);
            }
            discoveryOutgoing = user;
        }
        journal.add("bind discovery " + user);
    }

    @Override
    public void unbindDiscoveryAccount(String user, AccountDirection direction) {
        up("unbind discovery");
        boolean bound = direction == AccountDirection.INCOMING ? discoveryIncoming.remove(user) : user.equals(discoveryOutgoing);
        if (!bound) {
            throw new TgtRequestException("unbind", secrets.containsKey(user) ? TgtError.ACCOUNT_NOT_BOUND
                    : TgtError.NO_SUCH_USER, 15);
        }
        if (direction == AccountDirection.OUTGOING) {
            discoveryOutgoing = null;
        }
        journal.add("unbind discovery " + user);
    }

    @Override
    public DiscoveryAccounts discoveryAccounts() {
        up("show system");
        return new DiscoveryAccounts(discoveryIncoming, discoveryOutgoing);
    }

    @Override
    public void bindInitiatorAddress(int tid, String address) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void unbindInitiatorAddress(int tid, String address) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void bindInitiatorName(int tid, String initiatorIqn) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void unbindInitiatorName(int tid, String initiatorIqn) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<SessionConnection> connections(int tid) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void closeConnection(int tid, long sid, int cid) {
        throw new UnsupportedOperationException();
    }

    @Override
    public TgtState show() {
        return new TgtState(showTargets(), accounts());
    }

    @Override
    public List<TargetName> targetNames() {
        List<TargetName> names = new ArrayList<>();
        for (Target t : showTargets()) {
            names.add(new TargetName(t.tid(), t.iqn()));
        }
        return names;
    }

    @Override
    public List<Target> showTargets() {
        up("show targets");
        List<Target> targets = new ArrayList<>();
        incoming.forEach((tid, in) -> targets.add(new Target(tid, "iqn.2026-01.io.tgtha:fake" + tid, TargetState.READY,
                "iscsi", 0, 0, List.of(), List.of(), in, outgoing.get(tid), List.of("ALL"), List.of())));
        return targets;
    }
}
