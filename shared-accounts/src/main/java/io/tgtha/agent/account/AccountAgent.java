package io.tgtha.agent.account;

import io.tgtha.agent.account.AccountParameters.Settings;
import io.tgtha.agent.account.AccountParameters.StopIfBound;
import io.tgtha.agent.account.PasswordRecords.Verdict;
import io.tgtha.ocf.OcfAction;
import io.tgtha.ocf.OcfException;
import io.tgtha.ocf.OcfExitCode;
import io.tgtha.ocf.Secret;
import io.tgtha.ocf.agent.OperationContext;
import io.tgtha.ocf.agent.ResourceAgent;
import io.tgtha.ocf.lock.FileMutex;
import io.tgtha.ocf.lock.MutexTimeoutException;
import io.tgtha.ocf.meta.ActionSpec;
import io.tgtha.ocf.meta.AgentMetadata;
import io.tgtha.ocf.meta.TgthaVersion;
import io.tgtha.tgt.AccountDirection;
import io.tgtha.tgt.DiscoveryAccounts;
import io.tgtha.tgt.Target;
import io.tgtha.tgt.TgtClient;
import io.tgtha.tgt.TgtConnectionLostException;
import io.tgtha.tgt.TgtError;
import io.tgtha.tgt.TgtException;
import io.tgtha.tgt.TgtNotRunningException;
import io.tgtha.tgt.TgtRequestException;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * {@code ocf:tgtha:account}: one tgt CHAP account, run as a clone beside tgtd and ordered before the
 * targets that bind it (tgtd, then accounts, then targets).
 *
 * <p>tgt accounts are global in tgtd and deleting one unbinds it from every target, after which a
 * target without an incoming account accepts logins with no authentication at all. That is why the
 * account lives in its own resource instead of in each target (the stock iSCSITarget's bug) and why
 * stop never deletes an account a target still binds.
 *
 * <p>tgt can neither read a password back nor change one in place. "Identical" therefore means: an
 * account of this name exists and this agent's record of the secret it was created with (a salted
 * hash, see {@link PasswordRecords}) matches the configured secret. A mismatched or unknown secret is
 * fixed by delete + re-create only while no target binds the account; while targets bind it, a known
 * change fails the start (no window without CHAP) and an unknown one (account made outside this
 * agent) is adopted with a warning.
 */
public final class AccountAgent implements ResourceAgent {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final IntFunction<TgtClient> clients;
    private final IntFunction<PasswordRecords> records;
    private final Path lockDir;
    private final Map<Integer, TgtClient> baseClients = new HashMap<>();

    /** For the launcher: the real tgt client on {@code tgt_control_port}. */
    public AccountAgent() {
        this(new RealClients(), new RealRecords(), FileMutex.defaultLockDir());
    }

    /*
     * Named classes rather than lambdas for what every operation constructs: each lambda's first call
     * costs a JVM that lives 50 ms about 0.3 ms to link (JDK 17 with AppCDS, measured).
     */
    private static final class RealClients implements IntFunction<TgtClient> {
        @Override
        public TgtClient apply(int port) {
            return TgtClient.forControlPort(port, REQUEST_TIMEOUT);
        }
    }

    private static final class RealRecords implements IntFunction<PasswordRecords> {
        @Override
        public PasswordRecords apply(int port) {
            return PasswordRecords.forControlPort(port);
        }
    }

    /** For tests: a given client (any control port), records and lock directory. */
    AccountAgent(TgtClient client, PasswordRecords records, Path lockDir) {
        this(port -> client, port -> records, lockDir);
    }

    private AccountAgent(IntFunction<TgtClient> clients, IntFunction<PasswordRecords> records, Path lockDir) {
        this.clients = clients;
        this.records = records;
        this.lockDir = lockDir;
    }

    @Override
    public AgentMetadata metadata() {
        return new AgentMetadata("account", TgthaVersion.current(), "Shared tgt CHAP account (run as a clone)",
                "Creates one tgt CHAP account and keeps it while targets use it. Run it as a clone beside tgtd, "
                        + "ordered tgtd -> accounts -> targets, and let targets bind it with incoming_username "
                        + "(without incoming_password). Stop never deletes an account a target still binds: "
                        + "tgt would unbind it from every target and they would accept logins without CHAP. "
                        + "The secret is sent over tgtd's management socket only, never on a command line.",
                AccountParameters.specs(),
                List.of(ActionSpec.of("start", Duration.ofSeconds(20)),
                        ActionSpec.of("stop", Duration.ofSeconds(20)),
                        ActionSpec.monitor(Duration.ofSeconds(10), Duration.ofSeconds(30), 0),
                        ActionSpec.monitor(Duration.ofSeconds(20), Duration.ofSeconds(120), 10),
                        ActionSpec.of("meta-data", Duration.ofSeconds(5)),
                        ActionSpec.of("validate-all", Duration.ofSeconds(10))));
    }

    /**
     * The secret is checked only where it is used (start) and for validate-all: a bad or missing
     * password file must never fail a stop or a monitor, which do not need it.
     */
    @Override
    public void validate(OperationContext ctx) {
        Settings.from(ctx.params());
        if (ctx.action() == OcfAction.START || ctx.isValidateAll()) {
            Secret secret = PasswordSource.read(ctx.params());
            if (secret.revealBytes().length < PasswordSource.RECOMMENDED_MIN_BYTES) {
                ctx.log().warn("the CHAP secret of account " + ctx.params().string(AccountParameters.USERNAME)
                        + " is shorter than " + PasswordSource.RECOMMENDED_MIN_BYTES
                        + " bytes; some initiators (Windows) refuse it");
            }
        }
    }

    @Override
    public OcfExitCode start(OperationContext ctx) {
        Settings s = Settings.from(ctx.params());
        Secret secret = PasswordSource.read(ctx.params());
        PasswordRecords recs = records.apply(s.controlPort());
        String user = s.username();
        try (FileMutex.Held held = lock(ctx, "start account " + user)) {
            if (!tgt(ctx, s).accounts().contains(user)) {
                create(ctx, s, secret, recs);
                ctx.log().info("created account " + user);
            } else {
                adoptOrRecreate(ctx, s, secret, recs);
            }
            if (s.discovery()) {
                ensureDiscoveryBinding(ctx, s);
            }
            if (!tgt(ctx, s).accounts().contains(user)) {
                throw OcfException.generic("account " + user + " is missing from tgtd right after start");
            }
            return OcfExitCode.SUCCESS;
        } catch (TgtException e) {
            throw TgtFailures.toOcf(e);
        }
    }

    private void adoptOrRecreate(OperationContext ctx, Settings s, Secret secret, PasswordRecords recs) {
        String user = s.username();
        Verdict verdict = verdict(recs, user, secret);
        if (verdict == Verdict.SAME) {
            ctx.log().info("account " + user + " already exists with the configured secret: adopted");
            return;
        }
        List<Target> users = targetsBinding(tgt(ctx, s).showTargets(), user);
        String why = verdict == Verdict.CHANGED ? "with a different secret than configured"
                : "but not created by this agent, so its secret is unknown";
        if (users.isEmpty()) {
            // nobody depends on it: make the secret certain
            removeAccount(ctx, s);
            create(ctx, s, secret, recs);
            ctx.log().info("account " + user + " existed " + why + " and no target binds it: re-created it");
            return;
        }
        if (verdict == Verdict.UNKNOWN) {
            rememberUnverified(ctx, recs, user);
            ctx.log().warn("account " + user + " already exists " + why + ", and targets " + describe(users)
                    + " bind it: adopted as is (tgt cannot read a secret back, and re-creating it would leave"
                    + " them without CHAP for a moment)");
            return;
        }
        throw OcfException.generic("account " + user + " exists " + why + " and targets " + describe(users)
                + " bind it; tgt cannot change a secret in place and re-creating the account would leave them"
                + " without CHAP: stop those targets first (the ordering tgtd -> accounts -> targets does)");
    }

    private void create(OperationContext ctx, Settings s, Secret secret, PasswordRecords recs) {
        tgt(ctx, s).createAccount(s.username(), secret.reveal());
        try {
            recs.remember(s.username(), secret);
        } catch (IOException | RuntimeException e) {
            ctx.log().warn("cannot record the secret of account " + s.username() + " (" + e.getClass().getSimpleName()
                    + "); a later start cannot tell whether the secret changed");
        }
    }

    /** Only called when no target binds the account; discovery bindings are taken out hole-free first. */
    private void removeAccount(OperationContext ctx, Settings s) {
        String user = s.username();
        TgtClient tgt = tgt(ctx, s);
        DiscoveryAccounts discovery = tgt.discoveryAccounts();
        for (AccountDirection d : AccountDirection.values()) {
            if (discovery.binds(user, d)) {
                tgt(ctx, s).unbindDiscoveryAccount(user, d);
                ctx.log().info("unbound " + lower(d) + " account " + user + " from discovery");
            }
        }
        try {
            tgt(ctx, s).deleteAccount(user);
        } catch (TgtRequestException e) {
            if (e.error() != TgtError.NO_SUCH_USER) {
                throw e;
            }
        }
    }

    private void ensureDiscoveryBinding(OperationContext ctx, Settings s) {
        String user = s.username();
        DiscoveryAccounts discovery = tgt(ctx, s).discoveryAccounts();
        if (discovery.binds(user, s.direction())) {
            return;
        }
        if (s.direction() == AccountDirection.OUTGOING && discovery.outgoing() != null) {
            throw OcfException.configured("discovery already has outgoing account " + discovery.outgoing()
                    + " and tgt allows only one: cannot bind " + user);
        }
        try {
            tgt(ctx, s).bindDiscoveryAccount(user, s.direction());
        } catch (TgtRequestException e) {
            if (e.error() != TgtError.ACCOUNT_ALREADY_BOUND) {
                throw e;
            }
        }
        ctx.log().info("bound account " + user + " to discovery sessions (" + lower(s.direction()) + ")");
    }

    /**
     * Never deletes an account a target still binds. Succeeds when tgtd is not running (its accounts
     * died with it) and when the account is already gone.
     */
    @Override
    public OcfExitCode stop(OperationContext ctx) {
        Settings s = Settings.from(ctx.params());
        String user = s.username();
        PasswordRecords recs = records.apply(s.controlPort());
        try (FileMutex.Held held = lock(ctx, "stop account " + user)) {
            List<String> accounts;
            try {
                accounts = tgt(ctx, s).accounts();
            } catch (TgtNotRunningException e) {
                ctx.log().info("tgtd (control port " + s.controlPort() + ") is not running, so account " + user
                        + " cannot exist: stopped");
                forgetQuietly(ctx, recs, user);
                return OcfExitCode.SUCCESS;
            } catch (TgtConnectionLostException e) {
                if (!e.daemonStillListening()) {
                    ctx.log().warn("tgtd went away while stopping account " + user + ": its accounts died with it");
                    forgetQuietly(ctx, recs, user);
                    return OcfExitCode.SUCCESS;
                }
                throw e;
            }
            if (!accounts.contains(user)) {
                ctx.log().info("account " + user + " does not exist: already stopped");
                forgetQuietly(ctx, recs, user);
                return OcfExitCode.SUCCESS;
            }
            List<Target> users = targetsBinding(tgt(ctx, s).showTargets(), user);
            if (!users.isEmpty()) {
                String msg = "account " + user + " is still bound to targets " + describe(users)
                        + ": NOT deleting it (tgt would unbind it from all of them and they would accept logins"
                        + " without CHAP)";
                if (s.stopIfBound() == StopIfBound.FAIL) {
                    throw OcfException.generic(msg + "; stop_if_bound=fail");
                }
                ctx.log().warn(msg + "; the account stays and stop reports success (stop_if_bound=keep);"
                        + " stop the targets first (ordering tgtd -> accounts -> targets)");
                return OcfExitCode.SUCCESS;
            }
            removeAccount(ctx, s);
            forgetQuietly(ctx, recs, user);
            ctx.log().info("deleted account " + user);
            return OcfExitCode.SUCCESS;
        } catch (TgtException e) {
            throw TgtFailures.toOcf(e);
        }
    }

    /**
     * Depth 0: the account exists. Depth 10 also: the discovery binding is in place (a lost one fails),
     * targets bind it in the configured direction and its secret is known (both only warn).
     */
    @Override
    public OcfExitCode monitor(OperationContext ctx) {
        Settings s = Settings.from(ctx.params());
        String user = s.username();
        try {
            List<String> accounts;
            try {
                accounts = tgt(ctx, s).accounts();
            } catch (TgtNotRunningException e) {
                if (ctx.isProbe()) {
                    return OcfExitCode.NOT_RUNNING;
                }
                throw new OcfException(OcfExitCode.NOT_RUNNING, "tgtd (control port " + s.controlPort()
                        + ") is not running, so account " + user + " does not exist");
            }
            if (!accounts.contains(user)) {
                if (ctx.isProbe()) {
                    return OcfExitCode.NOT_RUNNING;
                }
                throw new OcfException(OcfExitCode.NOT_RUNNING, "account " + user + " has disappeared from tgtd");
            }
            if (ctx.env().checkLevel() >= 10) {
                thoroughCheck(ctx, s);
            }
            return OcfExitCode.SUCCESS;
        } catch (TgtException e) {
            throw TgtFailures.toOcf(e);
        }
    }

    private void thoroughCheck(OperationContext ctx, Settings s) {
        String user = s.username();
        TgtClient tgt = tgt(ctx, s);
        for (Target t : tgt.showTargets()) {
            boolean incoming = t.incomingAccounts().contains(user);
            boolean outgoing = user.equals(t.outgoingAccount());
            if ((incoming && s.direction() == AccountDirection.OUTGOING)
                    || (outgoing && s.direction() == AccountDirection.INCOMING)) {
                ctx.log().warn("target " + t.iqn() + " (tid " + t.tid() + ") binds account " + user + " as "
                        + (incoming ? "incoming" : "outgoing") + " but the account is configured as "
                        + lower(s.direction()));
            }
        }
        if (s.discovery() && !tgt(ctx, s).discoveryAccounts().binds(user, s.direction())) {
            throw OcfException.generic("account " + user + " is no longer bound to discovery ("
                    + lower(s.direction()) + ")");
        }
        if (!records.apply(s.controlPort()).exists(user)) {
            ctx.log().warn("account " + user + " was not created by this agent (no record of its secret):"
                    + " its secret is unverified");
        }
    }

    // ---- helpers ----

    /** A client whose per-request timeout never outlasts the operation. */
    private TgtClient tgt(OperationContext ctx, Settings s) {
        Duration left = ctx.deadline().cap(REQUEST_TIMEOUT);
        if (left.toMillis() < 1) {
            throw OcfException.generic("operation deadline reached while talking to tgtd");
        }
        // one base client per port: it detects (and caches) tgtd's version once per operation
        TgtClient base = baseClients.get(s.controlPort());
        if (base == null) {
            base = clients.apply(s.controlPort());
            baseClients.put(s.controlPort(), base);
        }
        return base.withTimeout(left);
    }

    private FileMutex.Held lock(OperationContext ctx, String note) {
        FileMutex mutex = new FileMutex(lockDir, FileMutex.TGT_CONFIG);
        try {
            return mutex.acquire(ctx.deadline(), note);
        } catch (MutexTimeoutException e) {
            throw OcfException.generic("could not get the tgt configuration lock " + mutex.file() + " in time: "
                    + e.getMessage());
        } catch (IOException e) {
            throw OcfException.generic("cannot use the lock " + mutex.file() + ": " + e.getMessage());
        }
    }

    /**
     * The targets that bind {@code user}, and those that may: a target whose accounts tgtd's output cannot
     * prove (an initiator's text imitates it, see {@link Target#doubt()}) counts as binding it, so an account
     * is never deleted from under a target on the word of an initiator.
     */
    static List<Target> targetsBinding(List<Target> targets, String user) {
        return targets.stream()
                .filter(t -> !t.certain() || t.incomingAccounts().contains(user) || user.equals(t.outgoingAccount()))
                .collect(Collectors.toList());
    }

    private static String describe(List<Target> targets) {
        return targets.stream().map(t -> t.iqn() + " (tid " + t.tid() + (t.certain() ? ")" : ", may bind it: "
                + t.doubt() + ")")).collect(Collectors.joining(", "));
    }

    private static Verdict verdict(PasswordRecords recs, String user, Secret secret) {
        try {
            return recs.verdict(user, secret);
        } catch (IOException e) {
            return Verdict.UNKNOWN;
        }
    }

    private static void rememberUnverified(OperationContext ctx, PasswordRecords recs, String user) {
        try {
            recs.rememberUnverified(user);
        } catch (IOException e) {
            ctx.log().debug("cannot write the record of account " + user + ": " + e.getMessage());
        }
    }

    private static void forgetQuietly(OperationContext ctx, PasswordRecords recs, String user) {
        try {
            recs.forget(user);
        } catch (IOException e) {
            ctx.log().warn("cannot remove the record of account " + user + ": " + e.getMessage());
        }
    }

    private static String lower(AccountDirection d) {
        return d.name().toLowerCase(java.util.Locale.ROOT);
    }
}
