package io.tgtha.agent.lun;

import io.tgtha.agent.iscsitarget.BoundedTgt;
import io.tgtha.agent.iscsitarget.IscsiName;
import io.tgtha.agent.iscsitarget.OfflineHold;
import io.tgtha.agent.iscsitarget.RealTgtConnector;
import io.tgtha.agent.iscsitarget.TargetParameterList;
import io.tgtha.agent.iscsitarget.TgtConnector;
import io.tgtha.agent.iscsitarget.TgtdParameters;
import io.tgtha.ocf.OcfAction;
import io.tgtha.ocf.OcfException;
import io.tgtha.ocf.OcfExitCode;
import io.tgtha.ocf.agent.OperationContext;
import io.tgtha.ocf.agent.ResourceAgent;
import io.tgtha.ocf.meta.ActionSpec;
import io.tgtha.ocf.meta.AgentMetadata;
import io.tgtha.ocf.meta.TgthaVersion;
import io.tgtha.ocf.param.ParameterSpec;
import io.tgtha.ocf.param.ValueCheck;
import io.tgtha.tgt.DeviceType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code ocf:tgtha:lun}: one logical unit of a tgt target, with the parameters of
 * {@code ocf:heartbeat:iSCSILogicalUnit} (implementation tgt), stable identity defaults, write cache
 * off by default, a bounded stop and an exact monitor.
 */
public final class LunAgent implements ResourceAgent {
    private final TgtConnector connector;
    private final Path holdDir;

    public LunAgent() {
        this(new RealTgtConnector(), OfflineHold.defaultDir());
    }

    LunAgent(TgtConnector connector, Path holdDir) {
        this.connector = connector;
        this.holdDir = holdDir;
    }

    /** ocf:heartbeat:iSCSILogicalUnit's LIO-only parameters. */
    @Override
    public java.util.Map<String, String> ignoredParameters() {
        String lio = "LIO-only (implementation=lio/lio-t); tgt has no such setting";
        return java.util.Map.of("emulate_tpu", lio, "emulate_3pc", lio, "emulate_caw", lio, "lio_iblock", lio,
                "liot_bstype", lio, "allowed_initiators",
                "tgt's initiator ACLs belong to the target: set allowed_initiators on ocf:tgtha:target");
    }

    @Override
    public AgentMetadata metadata() {
        return new AgentMetadata("lun", TgthaVersion.current(),
                "iSCSI logical unit in tgtd (drop-in for ocf:heartbeat:iSCSILogicalUnit)",
                "Manages one logical unit of a tgt target, found by the target's IQN. The SCSI ID and serial number"
                        + " default to values derived from the resource name only, so both nodes present the same"
                        + " device to multipath initiators. Write cache is off unless write_cache=true. Stop deletes"
                        + " the LUN within the stop timeout (offline, then the target's connections) instead of"
                        + " looping until Pacemaker kills it. Order LUNs after their target and before portblock's"
                        + " unblock, so that initiators only reconnect once every LUN exists.",
                parameters(), List.of(
                        ActionSpec.of("start", Duration.ofSeconds(30)),
                        ActionSpec.of("stop", Duration.ofSeconds(30)),
                        ActionSpec.monitor(Duration.ofSeconds(20), Duration.ofSeconds(10), 0),
                        ActionSpec.of("status", Duration.ofSeconds(20)),
                        ActionSpec.of("meta-data", Duration.ofSeconds(5)),
                        ActionSpec.of("validate-all", Duration.ofSeconds(10))));
    }

    static List<ParameterSpec> parameters() {
        return List.of(
                TgtdParameters.implementation("iSCSILogicalUnit"),
                ParameterSpec.string("target_iqn").required()
                        .shortdesc("IQN of the target this LUN belongs to")
                        .check(new Check("target_iqn")).build(),
                ParameterSpec.integer("lun").required()
                        .shortdesc("logical unit number, 1 or more")
                        .longdesc("The LUN number initiators see. LUN 0 is tgtd's own controller LUN.")
                        .check(new Check("lun")).build(),
                ParameterSpec.string("path").required()
                        .shortdesc("block device or file backing the LUN").build(),
                ParameterSpec.string("scsi_id").unique()
                        .shortdesc("SCSI ID (default: from the resource name)")
                        .longdesc("SCSI ID (VPD page 0x83) of the LU, at most 36 characters. tgtd derives the NAA"
                                + " designator that multipath uses as WWID from its hex digits only, so use hex. Default:"
                                + " the resource name's first 7 characters (clone suffix stripped), '-' and 24 hex digits"
                                + " of the name's SHA-256: unique per name, the same on every node.")
                        .build(),
                ParameterSpec.string("scsi_sn").unique()
                        .shortdesc("SCSI serial number (default: from the resource name)")
                        .longdesc("SCSI serial number (VPD page 0x80). Default: the first 8 hex digits of the MD5 of the"
                                + " resource name (clone suffix stripped), as ocf:heartbeat:iSCSILogicalUnit does.")
                        .build(),
                ParameterSpec.string("vendor_id").shortdesc("SCSI vendor ID (at most 8 characters)").build(),
                ParameterSpec.string("product_id").shortdesc("SCSI product ID (at most 16 characters)").build(),
                ParameterSpec.string("tgt_bstype").shortdesc("tgt backing store type (rdwr, aio, ...)").build(),
                ParameterSpec.string("tgt_bsoflags").shortdesc("tgt backing store open flags (sync, direct, sync:direct)").build(),
                ParameterSpec.string("tgt_bsopts").shortdesc("tgt backing store options").build(),
                ParameterSpec.string("tgt_device_type").shortdesc("tgt device type (disk, cd, tape, changer, osd, pt)")
                        .check(new Check("tgt_device_type")).build(),
                ParameterSpec.string("additional_parameters")
                        .shortdesc("LU parameters name=value ...")
                        .longdesc("Space-separated name=value pairs set with tgtd's logicalunit update after the"
                                + " built-in ones (so they win), e.g. thin_provisioning=1 rotation_rate=1.")
                        .check(new Check("additional_parameters")).build(),
                ParameterSpec.bool("write_cache").defaultValue("false")
                        .shortdesc("advertise a write-back cache (WCE)")
                        .longdesc("false (default): the caching mode page says write-through, so initiators do not"
                                + " rely on a volatile cache that a failover would lose.")
                        .build(),
                ParameterSpec.bool("readonly").defaultValue("false").shortdesc("export read-only").build(),
                ParameterSpec.integer("blocksize")
                        .shortdesc("logical block size in bytes (512, 4096, ...)").build(),
                TgtdParameters.controlPort());
    }

    /**
     * The parameters' own checks, one class rather than five lambdas: every operation builds the
     * parameter list, and each lambda's first call costs a JVM that lives 50 ms about 0.3 ms to link
     * (JDK 17 with AppCDS, measured).
     */
    private static final class Check implements ValueCheck {
        private final String parameter;

        Check(String parameter) {
            this.parameter = parameter;
        }

        @Override
        public Optional<String> problemWith(String v) {
            switch (parameter) {
                case "target_iqn":
                    return IscsiName.problemWith(v);
                case "lun":
                    try {
                        return Long.parseLong(v.trim()) >= 1 ? Optional.empty()
                                : Optional.of("LUN must be 1 or more (LUN 0 is tgtd's controller LUN)");
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                case "tgt_device_type":
                    try {
                        DeviceType.fromTgtadmName(v);
                        return Optional.empty();
                    } catch (IllegalArgumentException e) {
                        return Optional.of(e.getMessage());
                    }
                case "additional_parameters":
                    return TargetParameterList.problemWith(v);
                default:
                    throw new IllegalStateException("no check for " + parameter);
            }
        }
    }

    @Override
    public void validate(OperationContext ctx) {
        LunConfig.check(ctx.params(), ctx.env());
        LunConfig config = LunConfig.from(ctx.params(), ctx.env());
        if ((ctx.action() == OcfAction.START || ctx.action() == OcfAction.VALIDATE_ALL) && config.pathIsFile()
                && !Files.exists(Path.of(config.path()))) {
            // the device may well exist on the other node (a DRBD or multipath device not set up here):
            // ERR_INSTALLED keeps the resource off this node only
            throw OcfException.installed("backing store " + config.path() + " does not exist on this node");
        }
        if ((ctx.action() == OcfAction.START || ctx.action() == OcfAction.VALIDATE_ALL)
                && ctx.params().optional("scsi_id").isPresent() && ScsiIdentity.hexDigits(config.scsiId()) < 12) {
            ctx.log().warn("scsi_id '" + config.scsiId() + "' has only " + ScsiIdentity.hexDigits(config.scsiId())
                    + " hex digits: tgtd makes the WWID multipath uses (NAA " + ScsiIdentity.naaDesignator(config.scsiId())
                    + ") from them alone, so other LUNs may get the same WWID; prefer a hex scsi_id");
        }
        connector.checkInstalled();
    }

    @Override
    public OcfExitCode start(OperationContext ctx) {
        LunConfig config = LunConfig.from(ctx.params(), ctx.env());
        return new LunStart(ctx, config, tgt(ctx, config), holdDir).run();
    }

    @Override
    public OcfExitCode stop(OperationContext ctx) {
        LunConfig config = LunConfig.from(ctx.params(), ctx.env());
        return new LunStop(ctx, config, tgt(ctx, config), holdDir).run();
    }

    @Override
    public OcfExitCode monitor(OperationContext ctx) {
        LunConfig config = LunConfig.from(ctx.params(), ctx.env());
        return new LunMonitor(ctx, config, tgt(ctx, config)).run();
    }

    private BoundedTgt tgt(OperationContext ctx, LunConfig config) {
        return new BoundedTgt(connector.connect(config.controlPort()), ctx.deadline());
    }

    /** Entry point for tests and tools: {@code java ... LunAgent ACTION} with the OCF environment. */
    public static void main(String[] args) {
        io.tgtha.ocf.agent.AgentRunner.runAsProcess(new LunAgent(), args);
    }
}
