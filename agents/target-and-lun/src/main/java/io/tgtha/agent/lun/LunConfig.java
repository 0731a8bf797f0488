package io.tgtha.agent.lun;

import io.tgtha.agent.iscsitarget.TargetParameterList;
import io.tgtha.ocf.OcfEnvironment;
import io.tgtha.ocf.OcfException;
import io.tgtha.ocf.param.Parameters;
import io.tgtha.ocf.text.Text;
import io.tgtha.tgt.DeviceType;
import io.tgtha.tgt.LunSpec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

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

    public LunConfig {
        lunParams = Map.copyOf(lunParams);
    }

    /** Backing store types whose "path" is not a file on this node. */
    public boolean pathIsFile() {
        String t = spec.bsType() == null ? "rdwr" : spec.bsType();
        return !(t.equals("rbd") || t.equals("sheepdog") || t.equals("null") || t.equals("glfs"));
    }

    public static LunConfig from(Parameters p, OcfEnvironment env) {
        String instance = env.resourceInstance();
        // plain code, not Optional chains with lambdas: every operation reads the configuration, and
        // each lambda's first call costs a JVM that lives 50 ms about 0.3 ms to link (JDK 17, AppCDS)
        Optional<String> givenId = p.optional("scsi_id");
        String scsiId = givenId.isPresent() ? givenId.get() : ScsiIdentity.defaultScsiId(instance);
        Optional<String> givenSn = p.optional("scsi_sn");
        String scsiSn = givenSn.isPresent() ? givenSn.get() : ScsiIdentity.defaultScsiSn(instance);
        String bsType = p.optional("tgt_bstype").orElse(null);
        String bsOflags = p.optional("tgt_bsoflags").orElse(null);
        if ("aio".equals(bsType) && "direct".equals(bsOflags)) {
            bsOflags = null; // aio always opens O_DIRECT and tgtd refuses the explicit flag
        }
        Optional<Integer> blockSize = p.optionalInteger("blocksize");
        LunSpec spec = LunSpec.disk(p.string("path")).withBsType(bsType).withBsOflags(bsOflags)
                .withBsOpts(p.optional("tgt_bsopts").orElse(null)).withBlockSize(blockSize.orElse(null))
                .withDeviceType(deviceType(p));
        boolean readonly = p.bool("readonly");
        boolean writeCache = p.bool("write_cache");
        Map<String, String> params = new LinkedHashMap<>();
        params.put("scsi_id", scsiId);
        params.put("scsi_sn", scsiSn);
        putIfPresent(params, "vendor_id", p.optional("vendor_id"));
        putIfPresent(params, "product_id", p.optional("product_id"));
        params.put("readonly", readonly ? "1" : "0");
        if (spec.deviceType() == DeviceType.DISK) {
            params.put("mode_page", writeCache ? CACHING_PAGE_WCE_ON : CACHING_PAGE_WCE_OFF);
        }
        params.putAll(TargetParameterList.parse(p.optional("additional_parameters").orElse("")));
        return new LunConfig(p.string("target_iqn"), p.integer("lun"), p.string("path"), scsiId, scsiSn, spec,
                readonly, writeCache, blockSize, params, p.optionalInteger("tgt_control_port").orElse(0));
    }

    /** Checks that need several parameters or the resource name; all configuration errors (rc 6). */
    public static void check(Parameters p, OcfEnvironment env) {
        LunConfig c;
        try {
            c = from(p, env);
        } catch (IllegalArgumentException e) {
            throw OcfException.configured(e.getMessage());
        }
        if (c.scsiId.length() > MAX_SCSI_ID || !isTgtValue(c.scsiId)) {
            throw OcfException.configured("scsi_id '" + c.scsiId + "' must be 1-" + MAX_SCSI_ID
                    + " characters without spaces or commas");
        }
        if (c.scsiSn.length() > MAX_SCSI_SN || !isTgtValue(c.scsiSn)) {
            throw OcfException.configured("scsi_sn '" + c.scsiSn + "' must be 1-" + MAX_SCSI_SN
                    + " characters without spaces or commas");
        }
        if (p.optional("vendor_id").isPresent()) {
            limit("vendor_id", p.optional("vendor_id").get(), 8);
        }
        if (p.optional("product_id").isPresent()) {
            limit("product_id", p.optional("product_id").get(), 16);
        }
        if (c.spec.bsOflags() != null && !isBsOflags(c.spec.bsOflags())) {
            throw OcfException.configured("tgt_bsoflags must be sync, direct or sync:direct");
        }
        for (String v : new String[] {c.spec.bsType(), c.spec.bsOpts(), c.path}) {
            if (v != null && v.contains(",")) {
                throw OcfException.configured("'" + v + "' must not contain a comma (tgtd's request format)");
            }
        }
        if (c.blockSize.isPresent()) {
            int b = c.blockSize.get();
            if (b < 512 || b > 65536 || Integer.bitCount(b) != 1) {
                throw OcfException.configured("blocksize must be a power of two from 512 to 65536, got " + b);
            }
        }
    }

    private static DeviceType deviceType(Parameters p) {
        Optional<String> v = p.optional("tgt_device_type");
        return v.isPresent() ? DeviceType.fromTgtadmName(v.get()) : DeviceType.DISK;
    }

    private static void putIfPresent(Map<String, String> params, String name, Optional<String> value) {
        if (value.isPresent()) {
            params.put(name, value.get());
        }
    }

    /**
     * One value in tgtd's comma-separated request: at least one character, no comma, no whitespace
     * ({@code [^,\\s]+}; loops, not regular expressions, on the operation path: see io.tgtha.ocf.text).
     */
    static boolean isTgtValue(String v) {
        if (v.isEmpty()) {
            return false;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == ',' || Text.isWhitespace(c)) {
                return false;
            }
        }
        return true;
    }

    /** {@code sync}, {@code direct}, or two of them joined by ':' ({@code (sync|direct)(:(sync|direct))?}). */
    static boolean isBsOflags(String v) {
        int colon = v.indexOf(':');
        if (colon < 0) {
            return isBsOflag(v);
        }
        return isBsOflag(v.substring(0, colon)) && isBsOflag(v.substring(colon + 1));
    }

    private static boolean isBsOflag(String v) {
        return v.equals("sync") || v.equals("direct");
    }

    private static void limit(String name, String v, int max) {
        if (v.length() > max || !isTgtValue(v)) {
            throw OcfException.configured(name + " '" + v + "' must be 1-" + max + " characters without spaces or commas");
        }
    }
}
