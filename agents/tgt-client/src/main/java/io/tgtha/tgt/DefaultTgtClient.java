// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import io.tgtha.process.AsciiSet;
import io.tgtha.tgt.TgtadmRequest.Mode;
import io.tgtha.tgt.TgtadmRequest.Op;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The {@link TgtClient}: validation, error refinement and the multi-request plans (hole-free account
 * unbinds, force delete under I/O). Requests go through a {@link TgtTransport}: tgtd's socket normally,
 * the tgtadm binary as a fallback.
 */
final class DefaultTgtClient implements TgtClient {

    private final int controlPort;
    private final TgtTransport transport;
    private final Duration timeout;
    private final AccountSlotLock slotLock;
    /** Shows shared with the other clients of this tgtd in this process, or null: each call shows for itself. */
    private final SingleFlightShow sharedShows;

    DefaultTgtClient(int controlPort, TgtTransport transport, Duration timeout, AccountSlotLock slotLock) {
        this(controlPort, transport, timeout, slotLock, null);
    }

    DefaultTgtClient(int controlPort, TgtTransport transport, Duration timeout, AccountSlotLock slotLock,
                     SingleFlightShow sharedShows) {
        this.controlPort = controlPort;
        this.transport = transport;
        this.timeout = timeout;
        this.slotLock = slotLock;
        this.sharedShows = sharedShows;
    }

    @Override
    public TgtClient withTimeout(Duration newTimeout) {
        if (newTimeout == null || newTimeout.isNegative() || newTimeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        return new DefaultTgtClient(controlPort, transport, newTimeout, slotLock, sharedShows);
    }

    @Override
    public int controlPort() {
        return controlPort;
    }

    // ---- transport ----

    /** The response as text (UTF-8). */
    /** Shows taken while targets come and go before one is taken with the same targets around it. */
    private static final int SHOW_ATTEMPTS = 3;

    private String send(TgtadmRequest request, String operation) {
        String latin1 = sendBytes(request, operation);
        return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    /** The response one char per byte (ISO-8859-1), as the transports return it. */
    private String sendBytes(TgtadmRequest request, String operation) {
        return transport.exchange(request, timeout, operation);
    }

    // ---- system ----

    @Override
    public TgtVersion version() {
        return transport.version("detect tgtd version");
    }

    @Override
    public void ping() {
        send(new TgtadmRequest(Mode.SYSTEM, Op.SHOW), "show system");
    }

    @Override
    public SystemInfo showSystem() {
        String text = send(new TgtadmRequest(Mode.SYSTEM, Op.SHOW), "show system");
        return ShowParser.parseSystem(text, version());
    }

    @Override
    public void shutdownDaemon() {
        send(new TgtadmRequest(Mode.SYSTEM, Op.DELETE), "shut down tgtd");
    }

    // ---- targets ----

    @Override
    public void createTarget(int tid, String iqn) {
        checkTid(tid);
        if (iqn == null || !isIscsiName(iqn)) {
            // tgtd would answer INVALID_REQUEST (and 1.0.85 dereferences a NULL name without one)
            throw new IllegalArgumentException("target name must be 1-223 characters of letters, digits, '.', ':', '-': '"
                    + iqn + "'");
        }
        send(new TgtadmRequest(Mode.TARGET, Op.NEW).tid(tid).payload("targetname=" + iqn),
                "create target " + tid + " " + iqn);
    }

    @Override
    public void deleteTarget(int tid) {
        checkTid(tid);
        send(new TgtadmRequest(Mode.TARGET, Op.DELETE).tid(tid), "delete target " + tid);
    }

    @Override
    public void forceDeleteTarget(int tid) {
        checkTid(tid);
        String op = "force-delete target " + tid;
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean offlined = false;
        while (true) {
            TgtadmRequest r = new TgtadmRequest(Mode.TARGET, Op.DELETE).tid(tid);
            r.force = true;
            try {
                send(r, op);
                return;
            } catch (TgtRequestException e) {
                // tgtd refuses to drop a LUN with commands queued or running (LUN_ACTIVE), even with force,
                // and does so after deleting the higher LUNs: stop new I/O, let the queue drain, retry
                if (e.error() != TgtError.LUN_ACTIVE || System.nanoTime() > deadline) {
                    throw e;
                }
                if (!offlined) {
                    setTargetState(tid, TargetState.OFFLINE);
                    offlined = true;
                }
                sleepQuietly(10);
            }
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void setTargetState(int tid, TargetState state) {
        checkTid(tid);
        send(new TgtadmRequest(Mode.TARGET, Op.UPDATE).tid(tid).payload("state=" + state.tgtName()),
                "set target " + tid + " state " + state.tgtName());
    }

    @Override
    public void updateTargetParam(int tid, String name, String value) {
        checkTid(tid);
        checkParamName(name);
        checkValue(name, value);
        send(new TgtadmRequest(Mode.TARGET, Op.UPDATE).tid(tid).payload(name + "=" + value),
                "update target " + tid + " " + name + "=" + value);
    }

    @Override
    public Map<String, String> targetParams(int tid) {
        checkTid(tid);
        String text = send(new TgtadmRequest(Mode.TARGET, Op.SHOW).tid(tid), "show target " + tid + " parameters");
        return Map.copyOf(ShowParser.parseParams(text));
    }

    // ---- logical units ----

    @Override
    public void createLun(int tid, long lun, LunSpec spec) {
        checkTid(tid);
        checkLun(lun);
        List<String> kv = new ArrayList<>();
        addParam(kv, "path", spec.backingStore());
        // tgtadm forces bstype=ssc for tapes; do the same so a tape LUN behaves as with tgtadm
        addParam(kv, "bstype", spec.deviceType() == DeviceType.TAPE ? "ssc" : spec.bsType());
        addParam(kv, "bsopts", spec.bsOpts());
        addParam(kv, "bsoflags", spec.bsOflags());
        addParam(kv, "blocksize", spec.blockSize() == null ? null : spec.blockSize().toString());
        TgtadmRequest r = new TgtadmRequest(Mode.DEVICE, Op.NEW).tid(tid).lun(lun)
                .payload(kv.isEmpty() ? null : String.join(",", kv));
        r.deviceType = spec.deviceType().scsiType();
        send(r, "create LUN " + tid + ":" + lun + (spec.backingStore() == null ? "" : " on " + spec.backingStore()));
    }

    @Override
    public void deleteLun(int tid, long lun) {
        checkTid(tid);
        checkLun(lun);
        send(new TgtadmRequest(Mode.DEVICE, Op.DELETE).tid(tid).lun(lun), "delete LUN " + tid + ":" + lun);
    }

    @Override
    public void updateLun(int tid, long lun, Map<String, String> params) {
        checkTid(tid);
        checkLun(lun);
        if (params.isEmpty()) {
            throw new IllegalArgumentException("no LUN parameters to update");
        }
        List<String> kv = new ArrayList<>();
        for (Map.Entry<String, String> p : params.entrySet()) { // LUN start: cold path, see docs/architecture.md, "House rules"
            checkParamName(p.getKey());
            addParam(kv, p.getKey(), p.getValue());
        }
        String payload = String.join(",", kv);
        send(new TgtadmRequest(Mode.DEVICE, Op.UPDATE).tid(tid).lun(lun).payload(payload),
                "update LUN " + tid + ":" + lun + " " + payload);
    }

    // ---- accounts ----

    @Override
    public void createAccount(String user, String password) {
        checkUser(user);
        if (password == null || password.isEmpty() || password.length() > 255 || password.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("password for account " + user + " must be 1-255 characters without NUL");
        }
        // tgtd splits at the first ',' after "user=": the password itself may contain commas
        send(new TgtadmRequest(Mode.ACCOUNT, Op.NEW).payload("user=" + user + ",password=" + password),
                "create account " + user);
    }

    private void deleteAccountLocked(String user) {
        checkUser(user);
        // tgtd's own delete unbinds from every target in place and can leave holes (segfault on show);
        // take the account out of each target safely first
        for (Target t : showTargets()) {
            if (!t.certain()) {
                throw doubtful("delete account " + user, t);
            }
            if (t.incomingAccounts().contains(user)) {
                unbindAccountSafelyLocked(t.tid(), user);
            }
        }
        if (discoveryAccounts().incoming().contains(user)) {
            unbindDiscoveryAccountLocked(user, AccountDirection.INCOMING);
        }
        send(new TgtadmRequest(Mode.ACCOUNT, Op.DELETE).payload("user=" + user), "delete account " + user);
    }

    private void bindAccountLocked(int tid, String user, AccountDirection direction) {
        checkTid(tid);
        checkUser(user);
        String op = "bind " + dir(direction) + " account " + user + " to target " + tid;
        try {
            send(accountRequest(Op.BIND, tid, user, direction), op);
        } catch (TgtRequestException e) {
            if (e.error() == TgtError.USER_EXISTS) {
                throw new TgtRequestException(op, TgtError.ACCOUNT_ALREADY_BOUND, e.code());
            }
            throw e;
        }
    }

    private void unbindAccountLocked(int tid, String user, AccountDirection direction) {
        checkTid(tid);
        checkUser(user);
        String op = "unbind " + dir(direction) + " account " + user + " from target " + tid;
        try {
            send(accountRequest(Op.UNBIND, tid, user, direction), op);
        } catch (TgtRequestException e) {
            if (e.error() == TgtError.NO_SUCH_USER && accounts().contains(user)) {
                throw new TgtRequestException(op, TgtError.ACCOUNT_NOT_BOUND, e.code());
            }
            throw e;
        }
    }

    private void unbindAccountSafelyLocked(int tid, String user) {
        checkTid(tid);
        checkUser(user);
        String op = "unbind incoming account " + user + " from target " + tid;
        Target target = null;
        for (Target t : showTargets()) {
            if (t.tid() == tid) {
                target = t;
                break;
            }
        }
        if (target == null) {
            throw new TgtRequestException(op, TgtError.NO_SUCH_TARGET, TgtError.NO_SUCH_TARGET.code());
        }
        if (!target.certain()) {
            throw doubtful(op, target); // without the true slot order an unbind could leave a hole
        }
        List<String> bound = target.incomingAccounts();
        int k = bound.indexOf(user);
        if (k < 0) {
            TgtError e = accounts().contains(user) ? TgtError.ACCOUNT_NOT_BOUND : TgtError.NO_SUCH_USER;
            throw new TgtRequestException(op, e, TgtError.NO_SUCH_USER.code());
        }
        // Only the last occupied slot can be cleared without a hole (see README): peel off the accounts
        // after `user` from the end, remove `user` (now last), then re-bind the others; tgtd fills the
        // lowest free slot, so they land contiguously in their original order.
        List<String> after = bound.subList(k + 1, bound.size());
        List<String> peeled = new ArrayList<>();
        try {
            for (int j = after.size() - 1; j >= 0; j--) {
                send(accountRequest(Op.UNBIND, tid, after.get(j), AccountDirection.INCOMING),
                        "unbind incoming account " + after.get(j) + " from target " + tid + " (to keep slots contiguous)");
                peeled.add(0, after.get(j));
            }
        } catch (TgtException e) {
            // put back what was peeled (still hole-free: they refill the lowest slots) before reporting
            rebindAll(tid, peeled);
            throw e;
        }
        if (k == 0 && !after.isEmpty()) {
            unbindBottomAccountBehindClosedAcl(target, user, after);
            return;
        }
        try {
            send(accountRequest(Op.UNBIND, tid, user, AccountDirection.INCOMING), op);
        } catch (TgtException e) {
            rebindAll(tid, peeled);
            throw e;
        }
        TgtException failed = rebindAll(tid, after);
        if (failed != null) {
            throw failed;
        }
    }

    /**
     * {@code user} is the only account left bound (the others are peeled off) and others must follow it.
     * Between its unbind and the next bind the target has no incoming account, and tgtd 1.0.85 then lets
     * anyone in without CHAP. tgtd checks the initiator ACL at the first login PDU and CHAP's availability
     * in that same PDU, so a target with no ACL entry admits nobody: the ACL is taken away from before the
     * unbind until the others are bound again. A guard account bound above {@code user} would keep an
     * account bound, but unbinding {@code user} under it leaves the hole that crashes the next {@code show}.
     * If something fails while no account is bound, the ACL stays away: the target then refuses everyone
     * (its monitor reports it) rather than accept anyone without CHAP.
     */
    private void unbindBottomAccountBehindClosedAcl(Target target, String user, List<String> after) {
        int tid = target.tid();
        List<String> addresses = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try {
            for (String a : target.aclAddresses()) {
                acl(Op.UNBIND, tid, AclKind.ADDRESS, a, " (while it has no account)");
                addresses.add(a);
            }
            for (String n : target.aclInitiatorNames()) {
                acl(Op.UNBIND, tid, AclKind.NAME, n, " (while it has no account)");
                names.add(n);
            }
        } catch (TgtException e) {
            // `user` is still bound: CHAP stays on, so the ACL may come back before the peeled accounts
            TgtException more = reopenAcl(tid, addresses, names);
            TgtException lost = rebindAll(tid, after);
            throw firstOf(e, firstOf(more, lost));
        }
        TgtException failed = null;
        try {
            send(accountRequest(Op.UNBIND, tid, user, AccountDirection.INCOMING),
                    "unbind incoming account " + user + " from target " + tid);
        } catch (TgtException e) {
            failed = e;
        }
        failed = firstOf(failed, rebindAll(tid, after));
        // the ACL returns only once an account is bound again
        if (failed != null && !anyIncomingBound(tid)) {
            throw failed;
        }
        failed = firstOf(failed, reopenAcl(tid, addresses, names));
        if (failed != null) {
            throw failed;
        }
    }

    /** False also when it cannot be told (tgtd gone, target doubtful): then the ACL stays away. */
    private boolean anyIncomingBound(int tid) {
        try {
            for (Target t : showTargets()) {
                if (t.tid() == tid) {
                    return t.certain() && !t.incomingAccounts().isEmpty();
                }
            }
        } catch (TgtException e) {
            return false;
        }
        return false;
    }

    private TgtException reopenAcl(int tid, List<String> addresses, List<String> names) {
        TgtException first = eachOf(names, n -> acl(Op.BIND, tid, AclKind.NAME, n, " again"));
        return firstOf(first, eachOf(addresses, a -> acl(Op.BIND, tid, AclKind.ADDRESS, a, " again")));
    }

    /** Runs {@code step} for every item, continuing past failures; returns the first failure or null. */
    private static TgtException eachOf(List<String> items, Consumer<String> step) {
        TgtException first = null;
        for (String item : items) {
            try {
                step.accept(item);
            } catch (TgtException e) {
                first = firstOf(first, e);
            }
        }
        return first;
    }

    private static TgtException firstOf(TgtException a, TgtException b) {
        return a != null ? a : b;
    }

    /**
     * Binds each account in order to target {@code tid} ({@link TgtadmRequest#GLOBAL_TID}: discovery),
     * continuing past failures (an account left out is a login outage for its users); returns the first
     * failure or null.
     */
    private TgtException rebindAll(int tid, List<String> users) {
        String where = tid == TgtadmRequest.GLOBAL_TID ? "discovery" : "target " + tid;
        return eachOf(users, other -> send(accountRequest(Op.BIND, tid, other, AccountDirection.INCOMING),
                "re-bind incoming account " + other + " to " + where));
    }

    @Override
    public void deleteAccount(String user) {
        underSlotLock("delete account " + user, () -> deleteAccountLocked(user));
    }

    @Override
    public void bindAccount(int tid, String user, AccountDirection direction) {
        underSlotLock("bind account " + user + " to target " + tid, () -> bindAccountLocked(tid, user, direction));
    }

    @Override
    public void unbindAccount(int tid, String user, AccountDirection direction) {
        underSlotLock("unbind account " + user + " from target " + tid, () -> {
            // safe by default: tgtd's plain incoming unbind can leave the hole that crashes show
            if (direction == AccountDirection.INCOMING) {
                unbindAccountSafelyLocked(tid, user);
            } else {
                unbindAccountLocked(tid, user, direction);
            }
        });
    }

    private void underSlotLock(String operation, Runnable plan) {
        slotLock.withLock(timeout, operation, () -> {
            plan.run();
            return null;
        });
    }

    @Override
    public void unbindAccountSafely(int tid, String user) {
        underSlotLock("unbind account " + user + " from target " + tid, () -> unbindAccountSafelyLocked(tid, user));
    }

    @Override
    public void bindDiscoveryAccount(String user, AccountDirection direction) {
        underSlotLock("bind account " + user + " to discovery", () -> bindDiscoveryAccountLocked(user, direction));
    }

    @Override
    public void unbindDiscoveryAccount(String user, AccountDirection direction) {
        underSlotLock("unbind account " + user + " from discovery", () -> unbindDiscoveryAccountLocked(user, direction));
    }

    @Override
    public List<String> accounts() {
        return withoutGuard(allAccounts());
    }

    private List<String> allAccounts() {
        return List.copyOf(ShowParser.parseAccounts(send(new TgtadmRequest(Mode.ACCOUNT, Op.SHOW), "show accounts")));
    }

    private static List<String> withoutGuard(List<String> users) {
        List<String> out = new ArrayList<>(users);
        out.remove(DISCOVERY_GUARD_USER);
        return List.copyOf(out);
    }

    /**
     * Binds the guard into discovery's slot 0 before the first incoming account: tgtd asks discovery sessions
     * for CHAP while any account is bound (account_available counts them), and only the last slot clears
     * without a hole, so an account in slot 0 could only go by leaving discovery with none for a moment, open
     * to everyone. The guard is the one that is never removed while others are bound.
     */
    private void bindDiscoveryAccountLocked(String user, AccountDirection direction) {
        checkUser(user);
        String op = "bind " + dir(direction) + " account " + user + " to discovery";
        boolean guarded = direction == AccountDirection.INCOMING && rawDiscoveryAccounts().incoming().isEmpty();
        if (guarded) {
            if (!allAccounts().contains(DISCOVERY_GUARD_USER)) {
                createAccount(DISCOVERY_GUARD_USER, guardSecret());
            }
            send(accountRequest(Op.BIND, TgtadmRequest.GLOBAL_TID, DISCOVERY_GUARD_USER, AccountDirection.INCOMING),
                    "bind the discovery guard account to discovery");
        }
        try {
            send(accountRequest(Op.BIND, TgtadmRequest.GLOBAL_TID, user, direction), op);
        } catch (TgtRequestException e) {
            if (guarded) {
                releaseDiscoveryGuardWhenAlone();
            }
            if (e.error() == TgtError.USER_EXISTS) {
                throw new TgtRequestException(op, TgtError.ACCOUNT_ALREADY_BOUND, e.code());
            }
            throw e;
        }
    }

    /** Nobody knows it, and nobody needs to: it only keeps discovery's account count above zero. */
    private static String guardSecret() {
        byte[] b = new byte[24];
        new java.security.SecureRandom().nextBytes(b);
        return java.util.HexFormat.of().formatHex(b);
    }

    /** The guard goes with the last account it guarded: discovery then has none, as configured. */
    private void releaseDiscoveryGuardWhenAlone() {
        if (rawDiscoveryAccounts().incoming().equals(List.of(DISCOVERY_GUARD_USER))) {
            send(accountRequest(Op.UNBIND, TgtadmRequest.GLOBAL_TID, DISCOVERY_GUARD_USER, AccountDirection.INCOMING),
                    "unbind the discovery guard account from discovery");
            send(new TgtadmRequest(Mode.ACCOUNT, Op.DELETE).payload("user=" + DISCOVERY_GUARD_USER),
                    "delete the discovery guard account");
        }
    }

    private void unbindDiscoveryAccountLocked(String user, AccountDirection direction) {
        checkUser(user);
        String op = "unbind " + dir(direction) + " account " + user + " from discovery";
        DiscoveryAccounts now = rawDiscoveryAccounts();
        if (!now.binds(user, direction)) {
            TgtError e = accounts().contains(user) ? TgtError.ACCOUNT_NOT_BOUND : TgtError.NO_SUCH_USER;
            throw new TgtRequestException(op, e, TgtError.NO_SUCH_USER.code());
        }
        if (direction == AccountDirection.OUTGOING) {
            send(accountRequest(Op.UNBIND, TgtadmRequest.GLOBAL_TID, user, direction), op);
            return;
        }
        // same peel-and-re-bind as unbindAccountSafely: only the last occupied slot clears without a hole.
        // Slot 0 is the guard when tgt-ha bound them all; only bindings made otherwise can leave discovery
        // without an account (open) while their first one goes.
        List<String> bound = now.incoming();
        List<String> after = bound.subList(bound.indexOf(user) + 1, bound.size());
        for (int j = after.size() - 1; j >= 0; j--) {
            send(accountRequest(Op.UNBIND, TgtadmRequest.GLOBAL_TID, after.get(j), AccountDirection.INCOMING),
                    "unbind incoming account " + after.get(j) + " from discovery (to keep slots contiguous)");
        }
        send(accountRequest(Op.UNBIND, TgtadmRequest.GLOBAL_TID, user, AccountDirection.INCOMING), op);
        TgtException first = rebindAll(TgtadmRequest.GLOBAL_TID, after);
        if (first != null) {
            throw first;
        }
        releaseDiscoveryGuardWhenAlone();
    }

    /** Without the guard: it is this client's own device, never an account of the cluster's. */
    @Override
    public DiscoveryAccounts discoveryAccounts() {
        DiscoveryAccounts all = rawDiscoveryAccounts();
        return new DiscoveryAccounts(withoutGuard(all.incoming()), all.outgoing());
    }

    private DiscoveryAccounts rawDiscoveryAccounts() {
        return ShowParser.parseDiscoveryAccounts(send(new TgtadmRequest(Mode.SYSTEM, Op.SHOW), "show system"));
    }

    private static TgtadmRequest accountRequest(Op op, int tid, String user, AccountDirection direction) {
        TgtadmRequest r = new TgtadmRequest(Mode.ACCOUNT, op).tid(tid).payload("user=" + user);
        r.acDir = direction == AccountDirection.OUTGOING ? 1 : 0;
        return r;
    }

    private static String dir(AccountDirection d) {
        return d == AccountDirection.OUTGOING ? "outgoing" : "incoming";
    }

    // ---- ACL ----

    @Override
    public void bindInitiatorAddress(int tid, String address) {
        checkedAcl(Op.BIND, tid, AclKind.ADDRESS, address);
    }

    @Override
    public void unbindInitiatorAddress(int tid, String address) {
        checkedAcl(Op.UNBIND, tid, AclKind.ADDRESS, address);
    }

    @Override
    public void bindInitiatorName(int tid, String initiatorIqn) {
        checkedAcl(Op.BIND, tid, AclKind.NAME, initiatorIqn);
    }

    @Override
    public void unbindInitiatorName(int tid, String initiatorIqn) {
        checkedAcl(Op.UNBIND, tid, AclKind.NAME, initiatorIqn);
    }

    private void checkedAcl(Op op, int tid, AclKind kind, String value) {
        checkTid(tid);
        switch (kind) {
            case ADDRESS -> checkAddress(value);
            case NAME -> checkInitiatorName(value);
        }
        acl(op, tid, kind, value, "");
    }

    /** The two kinds of initiator ACL entry tgtd keeps: {@code initiator-address=} and {@code initiator-name=}. */
    private enum AclKind {
        ADDRESS("address"), NAME("name");

        private final String word;

        AclKind(String word) {
            this.word = word;
        }
    }

    /** Allows ({@code BIND}) or disallows one ACL entry of {@code kind}; {@code why} ends the operation. */
    private void acl(Op op, int tid, AclKind kind, String value, String why) {
        send(new TgtadmRequest(Mode.TARGET, op).tid(tid).payload("initiator-" + kind.word + "=" + value),
                (op == Op.BIND ? "allow" : "disallow") + " initiator " + kind.word + " " + value + " on target " + tid
                        + why);
    }

    // ---- connections ----

    @Override
    public List<SessionConnection> connections(int tid) {
        checkTid(tid);
        return List.copyOf(ShowParser.parseConnections(showConnections(tid)));
    }

    @Override
    public ProvenPeerAddresses provenPeerAddresses(int tid, String iqn) {
        checkTid(tid);
        String before = showConnections(tid);
        Optional<Target> target = showTarget(iqn).filter(t -> t.tid() == tid);
        String after = showConnections(tid);
        return target.isEmpty() ? ProvenPeerAddresses.unknown(tid, "target " + tid + " (" + iqn + ") is gone")
                : ProvenPeerAddresses.prove(target.get(), before, after);
    }

    private String showConnections(int tid) {
        return send(new TgtadmRequest(Mode.CONNECTION, Op.SHOW).tid(tid), "show connections of target " + tid);
    }

    @Override
    public void closeConnection(int tid, long sid, int cid) {
        checkTid(tid);
        TgtadmRequest r = new TgtadmRequest(Mode.CONNECTION, Op.DELETE).tid(tid);
        r.sid = sid;
        r.cid = cid;
        send(r, "close connection " + sid + ":" + cid + " of target " + tid);
    }

    // ---- state ----

    @Override
    public TgtState show() {
        List<Target> targets = showTargets();
        return new TgtState(targets, accounts());
    }

    /**
     * The LLD list is asked before and after the show: when both agree, the targets it names are exactly
     * those the show holds (a target created or deleted in between would differ), which is what lets
     * {@link TargetShowReader} tell real headings from imitations.
     */
    @Override
    public List<Target> showTargets() {
        return List.copyOf(consistentShow((text, listed) -> TargetShowReader.read(text, listed)));
    }

    @Override
    public Optional<Target> showTarget(String iqn) {
        return consistentShow((text, listed) -> TargetShowReader.readOne(text, listed, iqn));
    }

    /**
     * {@code show --mode target} between two equal LLD lists (or the last of a few tries), read by {@code reader};
     * with shared shows, one that started after this call began, which other callers may read too.
     */
    private <T> T consistentShow(BiFunction<String, List<TargetName>, T> reader) {
        TargetListing listing = sharedShows == null ? listing(timeout)
                : sharedShows.await(timeout, this::listing, "show targets");
        return reader.apply(listing.latin1(), listing.listed());
    }

    /** One consistent listing, each request bounded by {@code requestTimeout}. */
    private TargetListing listing(Duration requestTimeout) {
        DefaultTgtClient client = requestTimeout.equals(timeout) ? this
                : new DefaultTgtClient(controlPort, transport, requestTimeout, slotLock);
        return client.listing();
    }

    private TargetListing listing() {
        List<TargetName> before = targetNames();
        for (int attempt = 1; ; attempt++) {
            String text = sendBytes(new TgtadmRequest(Mode.TARGET, Op.SHOW), "show targets");
            List<TargetName> after = targetNames();
            if (after.equals(before) || attempt == SHOW_ATTEMPTS) {
                return new TargetListing(text, after);
            }
            before = after;
        }
    }

    @Override
    public List<TargetName> targetNames() {
        return TargetNameList.parse(send(new TgtadmRequest(Mode.LLD, Op.SHOW), "list targets"));
    }

    private static TgtProtocolException doubtful(String operation, Target t) {
        return new TgtProtocolException(operation, "cannot tell the accounts of target " + t.tid() + " ("
                + t.iqn() + "): " + t.doubt(), null);
    }

    // ---- validation ----

    private static void checkTid(int tid) {
        if (tid < 1) {
            throw new IllegalArgumentException("tid must be a positive integer, got " + tid);
        }
    }

    private static void checkLun(long lun) {
        if (lun < 0) {
            throw new IllegalArgumentException("LUN must be >= 0, got " + lun);
        }
    }

    private static void checkUser(String user) {
        if (user == null || !isUser(user)) {
            throw new IllegalArgumentException("account user must be 1-255 printable characters without ',', '=' "
                    + "or spaces: '" + user + "'");
        }
    }

    private static void checkParamName(String name) {
        if (name == null || !isParamName(name)) {
            throw new IllegalArgumentException("bad parameter name '" + name + "'");
        }
    }

    private static void checkValue(String name, String value) {
        if (value == null || value.isEmpty() || value.indexOf(',') >= 0 || value.indexOf('\0') >= 0
                || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("value of " + name + " must be non-empty without ',', newline or NUL");
        }
    }

    private static void addParam(List<String> kv, String name, String value) {
        if (value != null) {
            checkValue(name, value);
            kv.add(name + "=" + value);
        }
    }

    private static void checkAddress(String address) {
        if (address == null || !isAddress(address)) {
            throw new IllegalArgumentException("initiator address must be ALL, an IP address or address/prefix: '"
                    + address + "'");
        }
    }

    private static void checkInitiatorName(String name) {
        if (name == null || !isIscsiName(name)) {
            throw new IllegalArgumentException("initiator name must be an iSCSI name: '" + name + "'");
        }
    }

    // The four input shapes below are checks of the pattern named in each comment;
    // TgtClientInputChecksMatchTheirPatternsTest pins them to those patterns.

    private static final AsciiSet ISCSI_NAME_CHARS = AsciiSet.of("A-Za-z0-9.:-");
    /** 0x21-0x7e without ',' (0x2c) and '=' (0x3d): three ranges, "!-+", "--<" and ">-~". */
    private static final AsciiSet USER_CHARS = AsciiSet.of("!-+--<>-~");
    private static final AsciiSet PARAM_NAME_CHARS = AsciiSet.of("A-Za-z0-9_.-");

    /** {@code [A-Za-z0-9.:-]{1,223}} (target and initiator names). */
    static boolean isIscsiName(String s) {
        return ISCSI_NAME_CHARS.matchesAll(s, 1, 223);
    }

    /** {@code [\x21-\x7e&&[^,=]]{1,255}}: printable ASCII without space, ',' or '=' (tgtd's key=value payload). */
    static boolean isUser(String s) {
        return USER_CHARS.matchesAll(s, 1, 255);
    }

    /** {@code [A-Za-z0-9_.-]{1,64}}. */
    static boolean isParamName(String s) {
        return PARAM_NAME_CHARS.matchesAll(s, 1, 64);
    }

    private static final AsciiSet ADDRESS_RULE_CHARS = AsciiSet.of("0-9A-Fa-f.:[]");

    /**
     * {@code ALL|[0-9A-Fa-f.:\[\]]+(/\d{1,3})?}. '/' is not in the class, so the run must reach the first
     * '/' (or the end): no backtracking to emulate.
     */
    static boolean isAddress(String s) {
        if (s.equals("ALL")) {
            return true;
        }
        int i = ADDRESS_RULE_CHARS.runEnd(s, 0);
        return i > 0 && ShowParser.isOptionalPrefixLength(s, i, 3);
    }

    @Override
    public String toString() {
        return "TgtClient[" + transport.describe() + ", timeout " + timeout.toMillis() + " ms]";
    }
}
