// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.iscsitarget;

import io.tgtha.agent.tgt.TgtConnector;
import io.tgtha.tgt.AccountDirection;
import io.tgtha.tgt.IscsiConnection;
import io.tgtha.tgt.ItNexus;
import io.tgtha.tgt.Lun;
import io.tgtha.tgt.LunSpec;
import io.tgtha.tgt.SessionConnection;
import io.tgtha.tgt.SystemInfo;
import io.tgtha.tgt.Target;
import io.tgtha.tgt.TargetName;
import io.tgtha.tgt.TargetState;
import io.tgtha.tgt.TgtClient;
import io.tgtha.tgt.TgtConnectionLostException;
import io.tgtha.tgt.TgtError;
import io.tgtha.tgt.TgtException;
import io.tgtha.tgt.TgtNotRunningException;
import io.tgtha.tgt.TgtRequestException;
import io.tgtha.tgt.TgtState;
import io.tgtha.tgt.TgtVersion;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * An in-memory tgtd 1.0.85 for unit tests, faithful where the agents' safety depends on it:
 * incoming accounts live in a fixed slot array per target, unbinding leaves a hole, and a
 * {@code show} of targets while a hole sits below the count "crashes" the daemon (every later call
 * fails as not running), as the real one segfaults. Every request is journaled.
 */
public final class FakeTgt implements TgtClient, TgtConnector {
    public final List<String> journal = new ArrayList<>();
    private final Map<Integer, FakeTarget> targets = new TreeMap<>();
    private final Map<String, String> accounts = new LinkedHashMap<>();
    private boolean running = true;
    private boolean crashed;
    private Predicate<String> failWhen = op -> false;
    private TgtError failWith = TgtError.UNKNOWN_ERROR;

    public static final class FakeTarget {
        final int tid;
        final String iqn;
        public TargetState state = TargetState.READY;
        final int[] inSlots = new int[16];
        final List<String> slotUsers = new ArrayList<>(Arrays.asList(new String[16]));
        int nrIn;
        String outgoing;
        final List<String> aclAddresses = new ArrayList<>();
        final List<String> aclNames = new ArrayList<>();
        final Map<String, String> params = new LinkedHashMap<>();
        final Map<Long, Lun> luns = new TreeMap<>();
        final List<ItNexus> nexuses = new ArrayList<>();
        /** LUN deletes answered LUN_ACTIVE while > 0 (counted down per attempt; online=0 drains faster). */
        public int lunBusyAttempts;
        /** The next deletes of a LUN are done, but answered only after the client gave up (a busy tgtd). */
        public int deleteAnswersLost;
        /** The same for the next state changes of the target itself. */
        public int stateAnswersLost;
        /** The same for the next deletes (forced or not) of the target itself. */
        public int targetDeleteAnswersLost;
        /** The next listings of the target's connections get no answer in time (a tgtd busy deleting LUNs). */
        public int connectionListAnswersLost;

        FakeTarget(int tid, String iqn) {
            this.tid = tid;
            this.iqn = iqn;
        }

        boolean hasHole() {
            for (int i = 0; i < nrIn; i++) {
                if (slotUsers.get(i) == null) {
                    return true;
                }
            }
            return false;
        }

        List<String> incoming() {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < nrIn; i++) {
                out.add(slotUsers.get(i));
            }
            return out;
        }
    }

    // ---- test controls ----

    public FakeTgt stopDaemon() {
        running = false;
        return this;
    }

    public boolean crashed() {
        return crashed;
    }

    private Predicate<String> crashWhen = op -> false;

    /** tgtd dies while handling a matching request (connection lost, nobody listening afterwards). */
    public FakeTgt crashWhen(Predicate<String> op) {
        this.crashWhen = op;
        return this;
    }

    /** Requests whose journal line matches fail with {@code error}. */
    public FakeTgt failWhen(Predicate<String> op, TgtError error) {
        this.failWhen = op;
        this.failWith = error;
        return this;
    }

    private final java.util.ArrayDeque<Runnable> afterShows = new java.util.ArrayDeque<>();

    /**
     * Runs {@code r} once, right after the next {@code show} has been answered: what another process does
     * between a caller's show and its next step (e.g. a LUN stop setting the target ready again).
     */
    public FakeTgt afterNextShow(Runnable r) {
        afterShows.add(r);
        return this;
    }

    /** The secret an account was created with (null when there is no such account). */
    public String passwordOf(String user) {
        return accounts.get(user);
    }

    public FakeTgt addAccount(String user) {
        accounts.put(user, "secret-" + user);
        return this;
    }

    public FakeTarget target(String iqn) {
        return targets.values().stream().filter(t -> t.iqn.equals(iqn)).findFirst().orElse(null);
    }

    public FakeTarget targetByTid(int tid) {
        return targets.get(tid);
    }

    public void addSession(int tid, long sid, String initiator) {
        addSession(tid, sid, 0, initiator);
    }

    /** A session (TSIH {@code sid}) whose one connection has id {@code cid}. */
    public void addSession(int tid, long sid, int cid, String initiator) {
        targets.get(tid).nexuses.add(new ItNexus(sid, initiator, "none", List.of(new IscsiConnection(cid, "10.0.0.9"))));
    }

    public List<String> journal(String prefix) {
        return journal.stream().filter(s -> s.startsWith(prefix)).toList();
    }

    private void request(String line) {
        if (!running) {
            throw new TgtNotRunningException(line, "/var/run/tgtd/socket.0", null);
        }
        journal.add(line);
        if (crashWhen.test(line)) {
            crashed = true;
            running = false;
            throw new TgtConnectionLostException(line, false, null);
        }
        if (failWhen.test(line)) {
            throw new TgtRequestException(line, failWith, failWith.code());
        }
    }

    private FakeTarget need(String op, int tid) {
        FakeTarget t = targets.get(tid);
        if (t == null) {
            throw new TgtRequestException(op, TgtError.NO_SUCH_TARGET, 4);
        }
        return t;
    }

    // ---- TgtConnector ----

    @Override
    public void checkInstalled() {
    }

    @Override
    public TgtClient connect(int controlPort) {
        return this;
    }

    // ---- TgtClient ----

    @Override
    public TgtClient withTimeout(Duration timeout) {
        Objects.requireNonNull(timeout);
        return this;
    }

    @Override
    public int controlPort() {
        return 0;
    }

    @Override
    public TgtVersion version() {
        return new TgtVersion(1, 0, 85);
    }

    @Override
    public void ping() {
        request("ping");
    }

    @Override
    public SystemInfo showSystem() {
        request("show system");
        return new SystemInfo("ready", false, Map.of("iscsi", "ready"), List.of("rdwr"), List.of("disk"), version());
    }

    @Override
    public void shutdownDaemon() {
        request("shutdown");
        running = false;
    }

    @Override
    public void createTarget(int tid, String iqn) {
        request("create target " + tid + " " + iqn);
        if (targets.containsKey(tid) || target(iqn) != null) {
            throw new TgtRequestException("create", TgtError.TARGET_EXISTS, 9);
        }
        FakeTarget t = new FakeTarget(tid, iqn);
        t.luns.put(0L, new Lun(0, "controller", defaultScsiId(tid, 0), "beaf" + tid + "0", 0, 1, true, false, false, false, false, false,
                "null", null, ""));
        targets.put(tid, t);
    }

    @Override
    public void deleteTarget(int tid) {
        request("delete target " + tid);
        FakeTarget t = need("delete", tid);
        if (!t.nexuses.isEmpty()) {
            throw new TgtRequestException("delete", TgtError.TARGET_ACTIVE, 19);
        }
        targets.remove(tid);
        if (t.targetDeleteAnswersLost > 0) {
            t.targetDeleteAnswersLost--;
            throw answerLost("delete target " + tid);
        }
    }

    private static io.tgtha.tgt.TgtTimeoutException answerLost(String request) {
        return new io.tgtha.tgt.TgtTimeoutException(request, java.time.Duration.ofSeconds(5));
    }

    @Override
    public void forceDeleteTarget(int tid) {
        request("force delete target " + tid);
        FakeTarget t = need("force delete", tid);
        targets.remove(tid);
        if (t.targetDeleteAnswersLost > 0) {
            t.targetDeleteAnswersLost--;
            throw answerLost("force delete target " + tid);
        }
    }

    @Override
    public void setTargetState(int tid, TargetState state) {
        request("state " + tid + " " + state.tgtName());
        FakeTarget t = need("state", tid);
        t.state = state;
        if (t.stateAnswersLost > 0) {
            t.stateAnswersLost--;
            throw answerLost("state " + tid);
        }
    }

    /** The names usr/spc.c's lu_config takes (tgtd 1.0.85), a disk's whole set. */
    static final Set<String> LUN_PARAMETERS = Set.of("scsi_id", "scsi_sn", "vendor_id", "product_id", "product_rev",
            "sense_format", "lbppbe", "la_lba", "optimal_xfer_gran", "optimal_xfer_len", "removable", "readonly",
            "online", "mode_page", "path", "bsopts", "bsoflags", "thin_provisioning", "rotation_rate");

    /** usr/iscsi/param.c's session keys (compared ignoring case), and the prefixes iscsi_target_update matches first. */
    private static final Set<String> SESSION_KEYS = Set.of("maxrecvdatasegmentlength", "headerdigest", "datadigest",
            "initialr2t", "maxoutstandingr2t", "immediatedata", "firstburstlength", "maxburstlength", "datapduinorder",
            "datasequenceinorder", "errorrecoverylevel", "ifmarker", "ofmarker", "defaulttime2wait", "defaulttime2retain",
            "ofmarkint", "ifmarkint", "maxconnections", "rdmaextensions", "targetrecvdatasegmentlength",
            "initiatorrecvdatasegmentlength", "maxoutstandingunexpectedpdus", "maxxmitdatasegmentlength", "maxqueuecmd");

    static boolean isTargetParameter(String name) {
        return SESSION_KEYS.contains(name.toLowerCase(java.util.Locale.ROOT))
                || java.util.stream.Stream.of("RedirectAddress", "RedirectPort", "RedirectReason", "RedirectCallback",
                        "nop_count", "nop_interval").anyMatch(name::startsWith);
    }

    @Override
    public void updateTargetParam(int tid, String name, String value) {
        request("param " + tid + " " + name + "=" + value);
        FakeTarget t = need("param", tid);
        if (!isTargetParameter(name)) {
            // usr/iscsi/target.c iscsi_target_update: a name that is no session key leaves INVALID_REQUEST
            throw new TgtRequestException("update target", TgtError.INVALID_REQUEST, 17);
        }
        t.params.put(name, value);
    }

    @Override
    public Map<String, String> targetParams(int tid) {
        request("params " + tid);
        return Map.copyOf(need("params", tid).params);
    }

    @Override
    public void createLun(int tid, long lun, LunSpec spec) {
        request("create lun " + tid + " " + lun + " " + spec.backingStore());
        FakeTarget t = need("create lun", tid);
        if (t.luns.containsKey(lun)) {
            throw new TgtRequestException("create lun", TgtError.LUN_EXISTS, 10);
        }
        t.luns.put(lun, new Lun(lun, "disk", defaultScsiId(tid, lun), "beaf" + tid + lun, 64,
                spec.blockSize() == null ? 512 : spec.blockSize(), true, false, false, false, false, false,
                spec.bsType() == null ? "rdwr" : spec.bsType(), spec.backingStore(),
                spec.bsOflags() == null ? "" : spec.bsOflags()));
    }

    @Override
    public void deleteLun(int tid, long lun) {
        request("delete lun " + tid + " " + lun);
        FakeTarget t = need("delete lun", tid);
        if (!t.luns.containsKey(lun)) {
            throw new TgtRequestException("delete lun", TgtError.NO_SUCH_LUN, 5);
        }
        if (t.lunBusyAttempts > 0) {
            t.lunBusyAttempts--;
            throw new TgtRequestException("delete lun", TgtError.LUN_ACTIVE, 20);
        }
        t.luns.remove(lun);
        if (t.deleteAnswersLost > 0) {
            // a busy tgtd did the delete, but its answer came after the client's timeout
            t.deleteAnswersLost--;
            throw new io.tgtha.tgt.TgtTimeoutException("delete lun " + tid + ":" + lun, java.time.Duration.ofSeconds(5));
        }
    }

    @Override
    public void updateLun(int tid, long lun, Map<String, String> params) {
        request("update lun " + tid + " " + lun + " " + new TreeMap<>(params));
        FakeTarget t = need("update lun", tid);
        Lun l = t.luns.get(lun);
        if (l == null) {
            throw new TgtRequestException("update lun", TgtError.NO_SUCH_LUN, 5);
        }
        if (!LUN_PARAMETERS.containsAll(params.keySet())) {
            // usr/spc.c lu_config: a name outside its token table is INVALID_REQUEST for a disk
            throw new TgtRequestException("update lun", TgtError.INVALID_REQUEST, 17);
        }
        String id = params.getOrDefault("scsi_id", l.scsiId());
        String sn = params.getOrDefault("scsi_sn", l.scsiSn());
        boolean ro = params.containsKey("readonly") ? params.get("readonly").equals("1") : l.readonly();
        boolean online = params.containsKey("online") ? params.get("online").equals("1") : l.online();
        t.luns.put(lun, new Lun(lun, l.type(), id, sn, l.sizeMb(), l.blockSize(), online, false, false, ro, false,
                false, l.backingStoreType(), l.backingStorePath(), l.backingStoreFlags()));
    }

    @Override
    public void createAccount(String user, String password) {
        request("create account " + user);
        if (accounts.containsKey(user)) {
            throw new TgtRequestException("create account", TgtError.USER_EXISTS, 14);
        }
        accounts.put(user, password);
    }

    @Override
    public void deleteAccount(String user) {
        request("delete account " + user);
        if (!accounts.containsKey(user)) {
            throw new TgtRequestException("delete account", TgtError.NO_SUCH_USER, 15);
        }
        // tgtd unbinds it from every target, leaving holes like an unbind does
        for (FakeTarget t : targets.values()) {
            int i = t.slotUsers.indexOf(user);
            if (i >= 0) {
                t.slotUsers.set(i, null);
                t.nrIn--;
            }
            if (user.equals(t.outgoing)) {
                t.outgoing = null;
            }
        }
        accounts.remove(user);
    }

    @Override
    public void bindAccount(int tid, String user, AccountDirection direction) {
        request("bind account " + tid + " " + user + " " + direction);
        FakeTarget t = need("bind", tid);
        if (!accounts.containsKey(user)) {
            throw new TgtRequestException("bind", TgtError.NO_SUCH_USER, 15);
        }
        if (direction == AccountDirection.OUTGOING) {
            if (t.outgoing != null) {
                throw new TgtRequestException("bind", TgtError.OUTGOING_ACCOUNT_EXISTS, 18);
            }
            t.outgoing = user;
            return;
        }
        if (t.slotUsers.contains(user)) {
            throw new TgtRequestException("bind", TgtError.ACCOUNT_ALREADY_BOUND, 14);
        }
        int free = t.slotUsers.indexOf(null);
        t.slotUsers.set(free, user);
        t.nrIn++;
    }

    @Override
    public void unbindAccount(int tid, String user, AccountDirection direction) {
        request("unbind account " + tid + " " + user + " " + direction);
        FakeTarget t = need("unbind", tid);
        if (direction == AccountDirection.OUTGOING) {
            if (t.outgoing == null) {
                throw new TgtRequestException("unbind", TgtError.ACCOUNT_NOT_BOUND, 15);
            }
            t.outgoing = null;
            return;
        }
        int i = t.slotUsers.indexOf(user);
        if (i < 0) {
            throw new TgtRequestException("unbind", TgtError.ACCOUNT_NOT_BOUND, 15);
        }
        t.slotUsers.set(i, null);
        t.nrIn--;
    }

    @Override
    public void unbindAccountSafely(int tid, String user) {
        throw new UnsupportedOperationException("the agents never unbind incoming accounts");
    }

    @Override
    public List<String> accounts() {
        request("show accounts");
        List<String> newestFirst = new ArrayList<>(accounts.keySet()); // as tgtd lists them
        java.util.Collections.reverse(newestFirst);
        return List.copyOf(newestFirst);
    }

    @Override
    public void bindInitiatorAddress(int tid, String address) {
        request("bind address " + tid + " " + address);
        FakeTarget t = need("bind address", tid);
        if (t.aclAddresses.contains(address)) {
            throw new TgtRequestException("bind address", TgtError.ACL_EXISTS, 12);
        }
        t.aclAddresses.add(address);
    }

    @Override
    public void unbindInitiatorAddress(int tid, String address) {
        request("unbind address " + tid + " " + address);
        if (!need("unbind address", tid).aclAddresses.remove(address)) {
            throw new TgtRequestException("unbind address", TgtError.ACL_NOT_FOUND, 13); // usr/target.c acl_del
        }
    }

    @Override
    public void bindInitiatorName(int tid, String initiatorIqn) {
        request("bind name " + tid + " " + initiatorIqn);
        FakeTarget t = need("bind name", tid);
        if (t.aclNames.contains(initiatorIqn)) {
            throw new TgtRequestException("bind name", TgtError.ACL_EXISTS, 12); // usr/target.c iqn_acl_add
        }
        t.aclNames.add(initiatorIqn);
    }

    @Override
    public void unbindInitiatorName(int tid, String initiatorIqn) {
        request("unbind name " + tid + " " + initiatorIqn);
        if (!need("unbind name", tid).aclNames.remove(initiatorIqn)) {
            throw new TgtRequestException("unbind name", TgtError.ACL_NOT_FOUND, 13); // usr/target.c iqn_acl_del
        }
    }

    @Override
    public List<SessionConnection> connections(int tid) {
        request("connections " + tid);
        FakeTarget t = need("connections", tid);
        if (t.connectionListAnswersLost > 0) {
            t.connectionListAnswersLost--;
            throw answerLost("connections " + tid);
        }
        List<SessionConnection> out = new ArrayList<>();
        for (ItNexus n : t.nexuses) {
            for (IscsiConnection c : n.connections()) {
                out.add(new SessionConnection(n.id(), c.cid(), n.initiator(), c.initiatorAddress()));
            }
        }
        return out;
    }

    @Override
    public void closeConnection(int tid, long sid, int cid) {
        request("close " + tid + " " + sid + " " + cid);
        FakeTarget t = need("close", tid);
        // usr/iscsi/conn.c conn_close_admin: the session by TSIH, then the connection by cid; a session without
        // that cid is NO_CONNECTION and stays as it is; the session ends with its last connection
        for (int i = 0; i < t.nexuses.size(); i++) {
            ItNexus n = t.nexuses.get(i);
            if (n.id() != sid) {
                continue;
            }
            List<IscsiConnection> left = n.connections().stream().filter(c -> c.cid() != cid).toList();
            if (left.size() == n.connections().size()) {
                throw new TgtRequestException("close", TgtError.NO_SUCH_CONNECTION, 7);
            }
            if (left.isEmpty()) {
                t.nexuses.remove(i);
            } else {
                t.nexuses.set(i, new ItNexus(n.id(), n.initiator(), n.alias(), left));
            }
            return;
        }
        throw new TgtRequestException("close", TgtError.NO_SUCH_SESSION, 6);
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
        request("show targets");
        for (FakeTarget t : targets.values()) {
            if (t.hasHole()) {
                crashed = true;
                running = false;
                throw new TgtConnectionLostException("show targets", false, null);
            }
        }
        List<Target> out = new ArrayList<>();
        for (FakeTarget t : targets.values()) {
            Integer nop = t.params.containsKey("nop_interval") && !t.params.get("nop_interval").equals("0")
                    ? Integer.valueOf(t.params.get("nop_interval")) : null;
            Integer count = nop == null ? null : Integer.valueOf(t.params.getOrDefault("nop_count", "0"));
            out.add(new Target(t.tid, t.iqn, t.state, "iscsi", nop, count, t.nexuses, List.copyOf(t.luns.values()),
                    t.incoming(), t.outgoing, t.aclAddresses, t.aclNames));
        }
        Runnable after = afterShows.poll();
        if (after != null) {
            after.run();
        }
        return out;
    }

    /** tgtd's default SCSI id of a LUN: "IET", five spaces, tid and LUN as four hex digits each. */
    private static String defaultScsiId(int tid, long lun) {
        return String.format("IET     %04x%04x", tid, lun);
    }

    /** A throwaway exception type check so callers can assert on the sealed hierarchy. */
    static boolean isTgt(Throwable t) {
        return t instanceof TgtException;
    }
}
