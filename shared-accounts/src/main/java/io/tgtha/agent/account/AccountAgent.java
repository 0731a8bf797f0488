// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.account;

import io.tgtha.agent.tgt.RealTgtConnector;
import io.tgtha.ocf.OcfExitCode;
import io.tgtha.ocf.OcfException;
import io.tgtha.ocf.Secret;
import io.tgtha.ocf.agent.AgentRunner;
import io.tgtha.ocf.agent.OperationContext;
import io.tgtha.ocf.agent.ConfiguredAgent;
import io.tgtha.ocf.lock.FileMutex;
import io.tgtha.ocf.meta.ActionSpec;
import io.tgtha.ocf.meta.AgentMetadata;
import io.tgtha.ocf.meta.TgthaVersion;
import io.tgtha.ocf.param.SecretSource;
import io.tgtha.tgt.TgtClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;

/**
 * {@code ocf:tgtha:account}: one tgt CHAP account, run as a clone beside tgtd and ordered before the
 * targets that bind it (tgtd, then accounts, then targets). tgt accounts are global in tgtd and deleting
 * one unbinds it from every target, after which a target without an incoming account accepts logins
 * with no authentication at all: so the account lives in its own resource instead of in each target (the
 * stock iSCSITarget's bug), and stop never deletes an account a target still binds.
 *
 * <p>This class declares the agent and hands each action to its class: {@link AccountStart},
 * {@link AccountStop}, {@link AccountMonitor}. Each operation reads its {@link AccountConfig} once;
 * the secret is read only by start and validate-all.
 */
public final class AccountAgent implements ConfiguredAgent<AccountConfig> {

    private final IntFunction<TgtClient> clients;
    private final IntFunction<PasswordRecords> records;
    private final Path lockDir;

    /** For the launcher: the real tgt client on {@code tgt_control_port}. */
    public AccountAgent() {
        this(new RealTgtConnector()::connect, PasswordRecords::forControlPort, FileMutex.defaultLockDir());
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

    @Override
    public AccountConfig configure(OperationContext ctx) {
        return AccountConfig.from(ctx.params());
    }

    /**
     * validate-all reads the secret as start would; the other actions check nothing beyond the declared
     * parameter checks (start reads its secret once, in {@link #start}).
     */
    @Override
    public void validate(OperationContext ctx, AccountConfig config) {
        if (ctx.isValidateAll()) {
            secret(ctx, config);
        }
    }

    @Override
    public OcfExitCode start(OperationContext ctx, AccountConfig config) {
        Secret secret = secret(ctx, config);
        return new AccountStart(ctx, config, secret, tgt(ctx, config), records.apply(config.controlPort())).run();
    }

    @Override
    public OcfExitCode stop(OperationContext ctx, AccountConfig config) {
        return new AccountStop(ctx, config, tgt(ctx, config), records.apply(config.controlPort())).run();
    }

    @Override
    public OcfExitCode monitor(OperationContext ctx, AccountConfig config) {
        return new AccountMonitor(ctx, config, tgt(ctx, config), records.apply(config.controlPort())).run();
    }

    private AccountTgt tgt(OperationContext ctx, AccountConfig config) {
        return new AccountTgt(ctx, clients.apply(config.controlPort()), lockDir);
    }

    private static Secret secret(OperationContext ctx, AccountConfig config) {
        Secret secret = SecretSource.of(ctx.params(), AccountParameters.PASSWORD, AccountParameters.PASSWORD_FILE)
                .orElseThrow(() -> OcfException.configured("one of '" + AccountParameters.PASSWORD + "' or '"
                        + AccountParameters.PASSWORD_FILE + "' is required"))
                .read();
        if (secret.revealBytes().length < SecretSource.RECOMMENDED_MIN_BYTES) {
            ctx.log().warn("the CHAP secret of account " + config.username() + " is shorter than "
                    + SecretSource.RECOMMENDED_MIN_BYTES + " bytes; some initiators (Windows) refuse it");
        }
        return secret;
    }

    /** Entry point for tests and tools: {@code java ... AccountAgent ACTION} with the OCF environment. */
    public static void main(String[] args) {
        AgentRunner.runAsProcess(new AccountAgent(), args);
    }
}
