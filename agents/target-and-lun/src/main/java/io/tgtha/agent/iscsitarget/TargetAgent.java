// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.iscsitarget;

import io.tgtha.agent.tgt.BoundedTgt;
import io.tgtha.agent.tgt.InitiatorAcl;
import io.tgtha.agent.tgt.IscsiName;
import io.tgtha.agent.tgt.OfflineHold;
import io.tgtha.agent.tgt.RealTgtConnector;
import io.tgtha.agent.tgt.TgtConnector;
import io.tgtha.agent.tgt.TgtdParameters;
import io.tgtha.ocf.OcfAction;
import io.tgtha.ocf.OcfExitCode;
import io.tgtha.ocf.agent.OperationContext;
import io.tgtha.ocf.agent.AgentRunner;
import io.tgtha.ocf.agent.ConfiguredAgent;
import io.tgtha.ocf.lock.FileMutex;
import io.tgtha.ocf.meta.AgentMetadata;
import io.tgtha.ocf.meta.TgthaVersion;
import io.tgtha.ocf.param.ParameterSpec;
import io.tgtha.ocf.param.SecretSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code ocf:tgtha:target}: one iSCSI target in tgtd, with the parameters of
 * {@code ocf:heartbeat:iSCSITarget} (implementation tgt) and its flaws fixed: shared CHAP accounts are
 * bound, never created or deleted, {@code allowed_initiators} unset really means everyone, tid is
 * optional, stop is bounded, monitor is exact.
 */
public final class TargetAgent implements ConfiguredAgent<TargetConfig> {
    static final String DEFAULT_PORTALS = "0.0.0.0:3260";

    private final TgtConnector connector;
    private final TgtConfigFiles configFiles;
    private final Path lockDir;

    public TargetAgent() {
        this(new RealTgtConnector());
    }

    /** With the node's tgt clients as the agent host hands them to every operation (shared shows). */
    public TargetAgent(TgtConnector connector) {
        this(connector, TgtConfigFiles.system(), FileMutex.defaultLockDir());
    }

    TargetAgent(TgtConnector connector, TgtConfigFiles configFiles, Path lockDir) {
        this.connector = connector;
        this.configFiles = configFiles;
        this.lockDir = lockDir;
    }

    /** ocf:heartbeat:iSCSITarget's LIO-only parameter. */
    @Override
    public Map<String, String> ignoredParameters() {
        return Map.of("iser_portals", "iSER portals are LIO-only; tgt serves iSER through its iser driver");
    }

    @Override
    public AgentMetadata metadata() {
        return new AgentMetadata("target", TgthaVersion.current(),
                "iSCSI target in tgtd (drop-in for ocf:heartbeat:iSCSITarget)",
                "Manages one iSCSI target in tgtd. Parameters are those of ocf:heartbeat:iSCSITarget for"
                        + " implementation=tgt. CHAP accounts named in incoming_username are bound to the target;"
                        + " without incoming_password they must already exist (run ocf:tgtha:account as a clone"
                        + " ordered before the targets) and are never created or deleted here. Stop sets the"
                        + " target offline, closes its connections, waits for its sessions within the stop"
                        + " timeout and then force-deletes it.",
                parameters(), TgtdParameters.ACTIONS);
    }

    static List<ParameterSpec> parameters() {
        return List.of(
                TgtdParameters.implementation("iSCSITarget"),
                ParameterSpec.string("iqn").required().unique()
                        .shortdesc("iSCSI target name")
                        .longdesc("The target's iSCSI name: iqn.YYYY-MM.reversed.domain[:identifier], eui.<16 hex>"
                                + " or naa.<16 or 32 hex>. Matched exactly, never as a pattern.")
                        .check(IscsiName::problemWith).build(),
                ParameterSpec.integer("tid").unique().atLeast(1)
                        .shortdesc("tgt target id (optional)")
                        .longdesc("tgtd's target id. If unset, the lowest free tid is chosen at start, under a"
                                + " node-wide lock so targets starting together never collide.")
                        .build(),
                ParameterSpec.string("portals").defaultValue(DEFAULT_PORTALS)
                        .shortdesc("iSCSI portal addresses (checked, daemon-wide in tgt)")
                        .longdesc("Space-separated IPv4[:port] or [IPv6][:port]. tgt listens on portals per daemon,"
                                + " not per target (tgtd --iscsi portal=...), so the value is only checked.")
                        .check(Portal::problemWith).build(),
                ParameterSpec.string("allowed_initiators")
                        .shortdesc("initiators allowed to log in (unset or empty: all)")
                        .longdesc("Space-separated initiator addresses (ALL, IPv4[/prefix], [IPv6][/prefix]) and/or"
                                + " initiator names (iqn./eui./naa.); an initiator may log in when its address OR its name is"
                                + " listed (tgtd 1.0.85). Unset or empty allows every initiator.")
                        .check(InitiatorAcl::problemWith).build(),
                ParameterSpec.string("incoming_username")
                        .shortdesc("CHAP account(s) initiators must use")
                        .longdesc("Space-separated account names bound to this target for incoming CHAP. Without"
                                + " incoming_password the accounts must exist (ocf:tgtha:account clone) and are never"
                                + " created or deleted by this agent. Not unique: several targets may share an account.")
                        .build(),
                ParameterSpec.string("incoming_password").secret()
                        .shortdesc("legacy: password to create the incoming account with")
                        .longdesc("Legacy behaviour of ocf:heartbeat:iSCSITarget: create the (single) incoming account"
                                + " if it does not exist. The account is deleted at stop only when no target is bound to"
                                + " it any more. Stored in the CIB in clear text: prefer incoming_password_file, or better"
                        + " ocf:tgtha:account. Set at most one of incoming_password and incoming_password_file.")
                        .build(),
                ParameterSpec.string("incoming_password_file").absolutePath()
                        .shortdesc("legacy: file holding the password to create the incoming account with")
                        .longdesc("As incoming_password, but the secret is read from this file (by validate-all, and by"
                                + " start when it creates the account; never by stop or monitor): absolute path, a regular file (not a"
                                + " symbolic link) owned by root, not readable or writable by group or others, at most"
                                + " 4096 bytes, holding the secret on one line (one trailing newline is ignored).")
                        .build(),
                ParameterSpec.string("outgoing_username")
                        .shortdesc("account for mutual CHAP")
                        .longdesc("The account the target authenticates itself with (mutual CHAP). Bound, and only"
                                + " created when outgoing_password is also set.")
                        .build(),
                ParameterSpec.string("outgoing_password").secret()
                        .shortdesc("legacy: password to create the outgoing account with")
                        .longdesc("Creates the outgoing account if it does not exist. Stored in the CIB in clear text:"
                                + " prefer outgoing_password_file. Set at most one of outgoing_password and"
                                + " outgoing_password_file.")
                        .build(),
                ParameterSpec.string("outgoing_password_file").absolutePath()
                        .shortdesc("legacy: file holding the password to create the outgoing account with")
                        .longdesc("As outgoing_password, read from this file under the rules of"
                                + " incoming_password_file.")
                        .build(),
                ParameterSpec.string("additional_parameters")
                        .shortdesc("iSCSI target parameters name=value ...")
                        .longdesc("Space-separated name=value pairs set with tgtd's target update, e.g."
                                + " MaxRecvDataSegmentLength=262144 nop_interval=5.")
                        .check(TargetParameterList::problemWith).build(),
                ParameterSpec.integer("nop_interval").atLeast(0)
                        .shortdesc("seconds between NOP-In pings (0: off)")
                        .longdesc("tgtd sends NOP-In to idle initiators this often and drops connections that do not"
                                + " answer nop_count times: dead initiators release their sessions.")
                        .build(),
                ParameterSpec.integer("nop_count").atLeast(0)
                        .shortdesc("unanswered NOP-Ins before tgtd drops a connection").build(),
                TgtdParameters.controlPort());
    }

    @Override
    public TargetConfig configure(OperationContext ctx) {
        return TargetConfig.from(ctx.params());
    }

    @Override
    public void validate(OperationContext ctx, TargetConfig config) {
        if (ctx.action() == OcfAction.VALIDATE_ALL || ctx.action() == OcfAction.START) {
            List<String> defs = configFiles.definitionsOf(config.iqn());
            if (!defs.isEmpty()) {
                ctx.log().warn("target " + config.iqn() + " is also defined in " + String.join(", ", defs)
                        + ": a reload of the tgt service (tgt-admin --update) would delete or rebuild this cluster-managed"
                        + " target; remove it from the tgt configuration files");
            }
            if (IscsiName.hasUpperCase(config.iqn())) {
                ctx.log().warn("iqn " + config.iqn() + " contains upper case: initiators that normalise iSCSI names"
                        + " (RFC 3722) will not find it, because tgtd compares names exactly");
            }
            if (!ctx.params().optional("portals").orElse(DEFAULT_PORTALS).equals(DEFAULT_PORTALS)) {
                ctx.log().info("portals " + config.portals() + ": tgt portals belong to tgtd, not to a target;"
                        + " make sure tgtd listens there (tgtd --iscsi portal=...)");
            }
        }
        if (ctx.action() == OcfAction.VALIDATE_ALL) {
            // start reads a secret only when it creates the account; validate-all checks it always
            config.incomingPassword().ifPresent(SecretSource::read);
            config.outgoingPassword().ifPresent(SecretSource::read);
        }
        connector.checkInstalled();
    }

    @Override
    public OcfExitCode start(OperationContext ctx, TargetConfig config) {
        endOperatorDrain(ctx, config, lockDir);
        return new TargetStart(ctx, config, tgt(ctx, config), new FileMutex(lockDir, FileMutex.TGT_CONFIG)).run();
    }

    @Override
    public OcfExitCode stop(OperationContext ctx, TargetConfig config) {
        OcfExitCode rc = new TargetStop(ctx, config, tgt(ctx, config), new FileMutex(lockDir, FileMutex.TGT_CONFIG)).run();
        endOperatorDrain(ctx, config, lockDir);
        return rc;
    }

    @Override
    public OcfExitCode monitor(OperationContext ctx, TargetConfig config) {
        return new TargetMonitor(ctx, config, tgt(ctx, config), lockDir.resolveSibling("offline")).run();
    }

    private BoundedTgt tgt(OperationContext ctx, TargetConfig config) {
        return new BoundedTgt(connector.connect(config.controlPort()), ctx.deadline());
    }

    /** Entry point for tests and tools: {@code java ... TargetAgent ACTION} with the OCF environment. */
    public static void main(String[] args) {
        AgentRunner.runAsProcess(new TargetAgent(), args);
    }

    /** A drain lasts while the target runs here: a start or stop (a failover, a restart) ends it. */
    private static void endOperatorDrain(OperationContext ctx, TargetConfig config, Path lockDir) {
        try {
            OfflineHold.endOperatorDrain(lockDir.resolveSibling("offline"), config.iqn());
        } catch (IOException e) {
            ctx.log().warn("cannot remove the drain note of " + config.iqn() + ": " + e.getMessage());
        }
    }
}
