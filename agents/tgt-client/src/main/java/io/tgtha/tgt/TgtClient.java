// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything tgt-ha does with a tgtd, over its management socket ({@code /var/run/tgtd/socket.N}).
 * Every call is bounded by the client's timeout and fails with a {@link TgtException} subtype; no
 * call ever puts a password on a command line. Instances are immutable and thread-safe (one
 * connection per request, as tgtd requires).
 *
 * <p>tid: 1..Integer.MAX_VALUE. lun: 1.. for data LUNs (LUN 0 is tgtd's controller).
 */
public interface TgtClient {

    /** Client for {@code tgtd --control-port N} (0 = the default tgtd); version detected via {@code tgtd -V}. */
    static TgtClient forControlPort(int controlPort, Duration defaultTimeout) {
        return builder().controlPort(controlPort).timeout(defaultTimeout).build();
    }

    static TgtClientBuilder builder() {
        return new TgtClientBuilder();
    }

    /** Same client with another per-request deadline. */
    TgtClient withTimeout(Duration timeout);

    /** The control port this client talks to. */
    int controlPort();

    // ---- system ----

    /** The tgtd version the client uses to pick the request layout (detected lazily, cached). */
    TgtVersion version();

    /** Cheapest liveness check ({@code show --mode system}); throws {@link TgtNotRunningException} etc. */
    void ping();

    SystemInfo showSystem();

    /** {@code --op delete --mode system}: tgtd exits once idle; refused (INVALID_REQUEST) while targets exist. */
    void shutdownDaemon();

    // ---- targets ----

    /** IQN: letters, digits, '.', ':', '-' only (tgtd rejects anything else). */
    void createTarget(int tid, String iqn);

    /** Fails with {@link TgtError#TARGET_ACTIVE} while sessions exist. */
    void deleteTarget(int tid);

    /**
     * Deletes even with sessions (their connections are closed). Under I/O tgtd answers LUN_ACTIVE while
     * commands are queued (even with force, possibly after removing higher LUNs already); the client then
     * sets the target offline and retries until the queue drained or its timeout passed.
     */
    void forceDeleteTarget(int tid);

    void setTargetState(int tid, TargetState state);

    /** iSCSI target parameter, e.g. MaxRecvDataSegmentLength, nop_interval, nop_count, RedirectAddress. */
    void updateTargetParam(int tid, String name, String value);

    /** The target's iSCSI parameters ({@code show --mode target --tid N}), e.g. MaxRecvDataSegmentLength. */
    Map<String, String> targetParams(int tid);

    // ---- logical units ----

    void createLun(int tid, long lun, LunSpec spec);

    void deleteLun(int tid, long lun);

    /**
     * LUN parameters ({@code --mode logicalunit --op update --params}), applied in the map's iteration
     * order: scsi_id, scsi_sn, vendor_id, product_id, product_rev, removable, readonly (0/1), online
     * (0/1), sense_format, thin_provisioning, rotation_rate, mode_page (e.g. "8:0:18:0x10:0:0xff:0xff:0:0:0xff:0xff:0xff:0xff:0x80:0x14:0:0:0:0:0:0"),
     * path (swap backing file). Block size can only be set at creation ({@link LunSpec#blockSize()}).
     */
    void updateLun(int tid, long lun, Map<String, String> params);

    // ---- accounts (global in tgtd; bound per target) ----

    /** The password travels only over the socket; it is never logged or kept. */
    void createAccount(String user, String password);

    /** Deletes the account and unbinds it from every target. */
    void deleteAccount(String user);

    /** Errors: NO_SUCH_USER, ACCOUNT_ALREADY_BOUND, OUTGOING_ACCOUNT_EXISTS, NO_SUCH_TARGET. */
    void bindAccount(int tid, String user, AccountDirection direction);

    /**
     * Unbinds an account. INCOMING goes through {@link #unbindAccountSafely(int, String)}: tgtd's plain
     * unbind of any but the last incoming account leaves a hole in its account array, after which (1.0.85)
     * the next {@code show --mode target} segfaults tgtd and the accounts after the hole cannot log in.
     * OUTGOING (a single slot) is one request. Errors: ACCOUNT_NOT_BOUND, NO_SUCH_USER, NO_SUCH_TARGET.
     */
    void unbindAccount(int tid, String user, AccountDirection direction);

    /**
     * Unbinds an incoming account without ever leaving a hole in tgtd's account array: the accounts bound
     * after it are unbound last-first, then it, then they are re-bound in their original order. While this
     * runs (a few ms) the re-bound accounts cannot start new logins; existing sessions are not affected.
     * If {@code user} is the first of several, the target has no incoming account between its unbind and
     * the next bind; meanwhile its initiator ACL is taken away, so nobody can start a login (tgtd would
     * let anyone in without CHAP), and put back once the others are bound again.
     * Errors: ACCOUNT_NOT_BOUND, NO_SUCH_USER, NO_SUCH_TARGET.
     */
    void unbindAccountSafely(int tid, String user);

    /** Account user names ({@code show --mode account}); passwords are never readable. */
    List<String> accounts();

    /**
     * The account the client keeps in discovery's first slot while any incoming discovery account is bound
     * (see {@link #bindDiscoveryAccount}); a reserved user name, never listed by {@link #accounts()}.
     */
    String DISCOVERY_GUARD_USER = "tgtha-discovery-guard";

    // ---- discovery accounts (tgtd's GLOBAL_TID: tgtadm's account bind/unbind without --tid) ----
    // Defaults only so that existing test fakes keep compiling; the socket client implements them.

    /**
     * Requires {@code user} for discovery sessions (SendTargets). {@code --tid 0} is NOT discovery in
     * tgt ("can't find the target"). Errors: NO_SUCH_USER, ACCOUNT_ALREADY_BOUND, OUTGOING_ACCOUNT_EXISTS.
     */
    default void bindDiscoveryAccount(String user, AccountDirection direction) {
        throw new UnsupportedOperationException("bindDiscoveryAccount");
    }

    /**
     * Unbinds a discovery account. Incoming ones are unbound hole-free as in
     * {@link #unbindAccountSafely(int, String)}: with tgtd 1.0.85 a hole in the discovery account array
     * makes the next {@code show --mode system} (and so {@link #ping()}) segfault tgtd.
     * Errors: ACCOUNT_NOT_BOUND, NO_SUCH_USER.
     */
    default void unbindDiscoveryAccount(String user, AccountDirection direction) {
        throw new UnsupportedOperationException("unbindDiscoveryAccount");
    }

    /** The discovery accounts, from {@code show --mode system}. */
    default DiscoveryAccounts discoveryAccounts() {
        throw new UnsupportedOperationException("discoveryAccounts");
    }

    // ---- access control ----

    /** "ALL", an address, or address/prefix ({@code [v6]} in brackets). */
    void bindInitiatorAddress(int tid, String address);

    void unbindInitiatorAddress(int tid, String address);

    void bindInitiatorName(int tid, String initiatorIqn);

    void unbindInitiatorName(int tid, String initiatorIqn);

    // ---- sessions / connections ----

    /** All connections of the target's sessions ({@code show --mode conn --tid N}). */
    List<SessionConnection> connections(int tid);

    /** Closes one connection (asynchronous in tgtd: the I_T nexus may be visible briefly afterwards). */
    void closeConnection(int tid, long sid, int cid);

    /**
     * The initiator addresses of the target's connections that no initiator's text can have written
     * (connection list, target show, connection list again; see {@link ProvenPeerAddresses}), or why they
     * cannot be told. For resets by address: an address an initiator imitated must never be acted on. The target
     * show is read for {@code iqn} only ({@link #showTarget}); a target of that name with another tid counts as gone.
     */
    default ProvenPeerAddresses provenPeerAddresses(int tid, String iqn) {
        throw new UnsupportedOperationException("provenPeerAddresses");
    }

    // ---- state ----

    /** All targets and accounts (two requests: {@code show --mode target}, {@code show --mode account}). */
    TgtState show();

    /**
     * Targets only ({@code show --mode target}, checked against {@link #targetNames()}): a target whose part
     * of the output an initiator's name or alias may have written is returned {@linkplain Target#doubt()
     * doubtful}, never with forged facts; a heading no listed target has is never a target.
     */
    List<Target> showTargets();

    /**
     * The target with exactly this IQN, as {@link #showTargets()} has it, or empty. The same requests (tgtd shows
     * every target or none), but only this target's part of the output is read, so a monitor of one target or LUN
     * does not build every other target of the node. The default (for test fakes) filters {@link #showTargets()}.
     */
    default Optional<Target> showTarget(String iqn) {
        return showTargets().stream().filter(t -> t.iqn().equals(iqn)).findFirst();
    }

    /** Every target's tid and name from tgtd's LLD list ({@code show --mode lld}), which no initiator writes to. */
    List<TargetName> targetNames();
}
