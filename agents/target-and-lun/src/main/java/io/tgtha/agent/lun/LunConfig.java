// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.lun;

import io.tgtha.agent.iscsitarget.TargetParameterList;
import io.tgtha.agent.tgt.ScsiIdentity;
import io.tgtha.ocf.OcfEnvironment;
import io.tgtha.ocf.OcfException;
import io.tgtha.ocf.param.Parameters;
import io.tgtha.tgt.DeviceType;
import io.tgtha.tgt.LunSpec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The logical unit as its resource configuration wants it.
 *
 * @param lunParams parameters set after creation, in order: identity, vendor/product, readonly,
 *                  write-cache mode page, then additional_parameters (which may override any of them)
 */
public record LunConfig(String targetIqn, long lun, String path, String scsiId, String scsiSn, LunSpec spec,
                        boolean readonly, boolean writeCache, Optional<Integer> blockSize,
                        Map<String, String> lunParams, int controlPort) {

    /**
     * SCSI caching mode page (0x08, 18 bytes) as tgtd's mode_page parameter takes it; byte 2 = 0x10
     * clears WCE (write cache off: tgtd syncs writes before acknowledging them), 0x14 sets it. The rest
     * are tgtd's own defaults for the page.
     */
    static final String CACHING_PAGE_WCE_OFF = "8:0:18:0x10:0:0xff:0xff:0:0:0xff:0xff:0xff:0xff:0x80:0x14:0:0:0:0:0:0";
    static final String CACHING_PAGE_WCE_ON = "8:0:18:0x14:0:0xff:0xff:0:0:0xff:0xff:0xff:0xff:0x80:0x14:0:0:0:0:0:0";

    /** tgtd keeps 36 bytes of each and silently truncates longer values (measured on 1.0.85). */
    static final int MAX_SCSI_ID = 36;
    static final int MAX_SCSI_SN = 36;
    private static final Pattern SCSI_VALUE = Pattern.compile("[^,\\s]{1,36}");

    public LunConfig {
        lunParams = Map.copyOf(lunParams);
    }

    /** Backing store types whose "path" is not a file on this node. */
    public boolean pathIsFile() {
        String t = spec.bsType() == null ? "rdwr" : spec.bsType();
        return !(t.equals("rbd") || t.equals("sheepdog") || t.equals("null") || t.equals("glfs"));
    }

    /** The configuration of one operation, after the declared checks passed; a bad combination is rc 6. */
    public static LunConfig from(Parameters p, OcfEnvironment env) {
        String instance = env.resourceInstance();
        String scsiId = p.optional("scsi_id").orElseGet(() -> ScsiIdentity.defaultScsiId(instance));
        String scsiSn = p.optional("scsi_sn").orElseGet(() -> ScsiIdentity.defaultScsiSn(instance));
        String bsType = p.optional("tgt_bstype").orElse(null);
        String bsOflags = p.optional("tgt_bsoflags").orElse(null);
        if ("aio".equals(bsType) && "direct".equals(bsOflags)) {
            bsOflags = null; // aio always opens O_DIRECT and tgtd refuses the explicit flag
        }
        Optional<Integer> blockSize = p.optionalInteger("blocksize");
        LunSpec spec = LunSpec.disk(p.string("path")).withBsType(bsType).withBsOflags(bsOflags)
                .withBsOpts(p.optional("tgt_bsopts").orElse(null)).withBlockSize(blockSize.orElse(null))
                .withDeviceType(p.optional("tgt_device_type").map(DeviceType::fromTgtadmName).orElse(DeviceType.DISK));
        boolean readonly = p.bool("readonly");
        boolean writeCache = p.bool("write_cache");
        Map<String, String> params = new LinkedHashMap<>();
        params.put("scsi_id", scsiId);
        params.put("scsi_sn", scsiSn);
        p.optional("vendor_id").ifPresent(v -> params.put("vendor_id", v));
        p.optional("product_id").ifPresent(v -> params.put("product_id", v));
        params.put("readonly", readonly ? "1" : "0");
        if (spec.deviceType() == DeviceType.DISK) {
            params.put("mode_page", writeCache ? CACHING_PAGE_WCE_ON : CACHING_PAGE_WCE_OFF);
        }
        params.putAll(TargetParameterList.parse(p.optional("additional_parameters").orElse("")));
        LunConfig config = new LunConfig(p.string("target_iqn"), p.integer("lun"), p.string("path"), scsiId, scsiSn,
                spec, readonly, writeCache, blockSize, params, p.integer("tgt_control_port"));
        config.checkCombinations();
        return config;
    }

    /** Checks of values made from the resource name, and of parameters that go together; rc 6. */
    private void checkCombinations() {
        if (!SCSI_VALUE.matcher(scsiId).matches()) {
            throw OcfException.configured("scsi_id '" + scsiId + "' must be 1-" + MAX_SCSI_ID
                    + " characters without spaces or commas");
        }
        if (!SCSI_VALUE.matcher(scsiSn).matches()) {
            throw OcfException.configured("scsi_sn '" + scsiSn + "' must be 1-" + MAX_SCSI_SN
                    + " characters without spaces or commas");
        }
        // tgtd: "Must set device type to pt for bsg/sg bstype" and the converse (usr/target.c)
        boolean passthroughStore = "sg".equals(spec.bsType()) || "bsg".equals(spec.bsType());
        if (passthroughStore != (spec.deviceType() == DeviceType.PASSTHROUGH)) {
            throw OcfException.configured("tgt_bstype sg or bsg and tgt_device_type pt go together (tgtd refuses one"
                    + " without the other)");
        }
    }
}
