// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.lun;

import io.tgtha.agent.iscsitarget.TargetParameterList;
import io.tgtha.agent.tgt.BoundedTgt;
import io.tgtha.agent.tgt.IscsiName;
import io.tgtha.agent.tgt.OfflineHold;
import io.tgtha.agent.tgt.RealTgtConnector;
import io.tgtha.agent.tgt.ScsiIdentity;
import io.tgtha.agent.tgt.TgtConnector;
import io.tgtha.agent.tgt.TgtdParameters;
import io.tgtha.ocf.OcfAction;
import io.tgtha.ocf.OcfException;
import io.tgtha.ocf.OcfExitCode;
import io.tgtha.ocf.agent.OperationContext;
import io.tgtha.ocf.agent.AgentRunner;
import io.tgtha.ocf.agent.ConfiguredAgent;
import io.tgtha.ocf.meta.AgentMetadata;
import io.tgtha.ocf.meta.TgthaVersion;
import io.tgtha.ocf.param.ParameterSpec;
import io.tgtha.ocf.param.ValueCheck;
import io.tgtha.tgt.DeviceType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Arrays;
import java.util.Map;

/**
 * {@code ocf:tgtha:lun}: one logical unit of a tgt target, with the parameters of
 * {@code ocf:heartbeat:iSCSILogicalUnit} (implementation tgt), stable identity defaults, write cache
 * off by default, a bounded stop and an exact monitor.
 */
public final class LunAgent implements ConfiguredAgent<LunConfig> {
    private final TgtConnector connector;
    private final Path holdDir;

    public LunAgent() {
        this(new RealTgtConnector());
    }

    /** With the node's tgt clients as the agent host hands them to every operation (shared shows). */
    public LunAgent(TgtConnector connector) {
        this(connector, OfflineHold.defaultDir());
    }

    LunAgent(TgtConnector connector, Path holdDir) {
        this.connector = connector;
        this.holdDir = holdDir;
    }

    /** ocf:heartbeat:iSCSILogicalUnit's LIO-only parameters. */
    @Override
    public Map<String, String> ignoredParameters() {
        String lio = "LIO-only (implementation=lio/lio-t); tgt has no such setting";
        return Map.of("emulate_tpu", lio, "emulate_3pc", lio, "emulate_caw", lio, "lio_iblock", lio,
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
                parameters(), TgtdParameters.ACTIONS);
    }

    /** The {@code bs_name}s of tgtd 1.0.85's backing stores (usr/bs_*.c). */
    static final List<String> BACKING_STORE_TYPES =
            List.of("rdwr", "aio", "null", "sg", "bsg", "ssc", "mmc", "smc", "sheepdog", "rbd", "glfs");

    /** tgtd's requests are comma-separated key=value lists. */
    private static final ValueCheck NO_COMMA =
            ValueCheck.that(v -> !v.contains(","), "must not contain a comma (tgtd's request format)");

    private static ValueCheck tgtValue(int max) {
        return ValueCheck.matching("[^,\\s]{1," + max + "}", "must be 1-" + max + " characters without spaces or commas");
    }

    static List<ParameterSpec> parameters() {
        return List.of(
                TgtdParameters.implementation("iSCSILogicalUnit"),
                ParameterSpec.string("target_iqn").required()
                        .shortdesc("IQN of the target this LUN belongs to")
                        .check(IscsiName::problemWith).build(),
                ParameterSpec.integer("lun").required().range(1, Integer.MAX_VALUE, "LUN 0 is tgtd's controller LUN")
                        .shortdesc("logical unit number, 1 or more")
                        .longdesc("The LUN number initiators see. LUN 0 is tgtd's own controller LUN.").build(),
                ParameterSpec.string("path").required()
                        .shortdesc("block device or file backing the LUN")
                        .longdesc("The block device or regular file tgtd opens (for tgt_bstype rbd, sheepdog or glfs:"
                                + " the name of the image). A directory is refused.")
                        .check(NO_COMMA).build(),
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
                ParameterSpec.string("vendor_id").shortdesc("SCSI vendor ID (at most 8 characters)")
                        .check(tgtValue(8)).build(),
                ParameterSpec.string("product_id").shortdesc("SCSI product ID (at most 16 characters)")
                        .check(tgtValue(16)).build(),
                ParameterSpec.string("tgt_bstype").shortdesc("tgt backing store type (" + String.join(", ", BACKING_STORE_TYPES) + ")")
                        .longdesc("The backing store type tgtd opens the LUN with; tgtd 1.0.85 knows "
                                + String.join(", ", BACKING_STORE_TYPES) + " (rbd and glfs only when built with them).")
                        .oneOf(BACKING_STORE_TYPES.toArray(String[]::new)).build(),
                ParameterSpec.string("tgt_bsoflags").shortdesc("tgt backing store open flags (sync, direct, sync:direct)")
                        .check(ValueCheck.matching("(sync|direct)(:(sync|direct))?", "must be sync, direct or sync:direct"))
                        .build(),
                ParameterSpec.string("tgt_bsopts").shortdesc("tgt backing store options")
                        .check(NO_COMMA).build(),
                ParameterSpec.string("tgt_device_type").shortdesc("tgt device type (disk, cd, tape, changer, osd, pt)")
                        .oneOf(Arrays.stream(DeviceType.values()).map(DeviceType::tgtadmName).toArray(String[]::new))
                        .build(),
                ParameterSpec.string("additional_parameters")
                        .shortdesc("LU parameters name=value ...")
                        .longdesc("Space-separated name=value pairs set with tgtd's logicalunit update after the"
                                + " built-in ones (so they win), e.g. thin_provisioning=1 rotation_rate=1.")
                        .check(TargetParameterList::problemWith).build(),
                ParameterSpec.bool("write_cache").defaultValue("false")
                        .shortdesc("advertise a write-back cache (WCE)")
                        .longdesc("false (default): the caching mode page says write-through, so initiators do not"
                                + " rely on a volatile cache that a failover would lose.")
                        .build(),
                ParameterSpec.bool("readonly").defaultValue("false").shortdesc("export read-only").build(),
                ParameterSpec.integer("blocksize").range(512, 65536)
                        .shortdesc("logical block size in bytes (512, 4096, ...)")
                        .check(ValueCheck.that(v -> Integer.bitCount(Integer.parseInt(v.trim())) == 1,
                                "must be a power of two")).build(),
                TgtdParameters.controlPort());
    }

    @Override
    public LunConfig configure(OperationContext ctx) {
        return LunConfig.from(ctx.params(), ctx.env());
    }

    @Override
    public void validate(OperationContext ctx, LunConfig config) {
        boolean starting = ctx.action() == OcfAction.START || ctx.action() == OcfAction.VALIDATE_ALL;
        if (starting && config.pathIsFile()) {
            Path path = Path.of(config.path());
            if (Files.isDirectory(path)) {
                throw OcfException.configured("parameter 'path' '" + config.path()
                        + "': is a directory, must be a block device or a regular file");
            }
            if (!Files.exists(path)) {
                // the device may well exist on the other node (a DRBD or multipath device not set up here):
                // ERR_INSTALLED keeps the resource off this node only
                throw OcfException.installed("backing store " + config.path() + " does not exist on this node");
            }
        }
        if (starting && ctx.params().optional("scsi_id").isPresent() && ScsiIdentity.hexDigits(config.scsiId()) < 12) {
            ctx.log().warn("scsi_id '" + config.scsiId() + "' has only " + ScsiIdentity.hexDigits(config.scsiId())
                    + " hex digits: tgtd makes the WWID multipath uses (NAA " + ScsiIdentity.naaDesignator(config.scsiId())
                    + ") from them alone, so other LUNs may get the same WWID; prefer a hex scsi_id");
        }
        connector.checkInstalled();
    }

    @Override
    public OcfExitCode start(OperationContext ctx, LunConfig config) {
        return new LunStart(ctx, config, tgt(ctx, config), holdDir).run();
    }

    @Override
    public OcfExitCode stop(OperationContext ctx, LunConfig config) {
        return new LunStop(ctx, config, tgt(ctx, config), holdDir).run();
    }

    @Override
    public OcfExitCode monitor(OperationContext ctx, LunConfig config) {
        return new LunMonitor(ctx, config, tgt(ctx, config)).run();
    }

    private BoundedTgt tgt(OperationContext ctx, LunConfig config) {
        return new BoundedTgt(connector.connect(config.controlPort()), ctx.deadline());
    }

    /** Entry point for tests and tools: {@code java ... LunAgent ACTION} with the OCF environment. */
    public static void main(String[] args) {
        AgentRunner.runAsProcess(new LunAgent(), args);
    }
}
