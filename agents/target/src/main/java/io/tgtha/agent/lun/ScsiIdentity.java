package io.tgtha.agent.lun;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Default SCSI identity of a logical unit, derived from the resource name alone so that both nodes
 * present the same device (initiator multipath must see one device behind two paths, before and after
 * a failover). The clone suffix ({@code :N}) is stripped because clone instances are one device.
 *
 * <p>SCSI SN: the first 8 hex digits of MD5(name), exactly the stock agent's default, so replacing
 * ocf:heartbeat:iSCSILogicalUnit keeps the serial number. SCSI ID: the name itself when it fits in 16
 * bytes (the stock default); the stock agent truncates longer names, so two resources sharing 16 leading
 * characters got the same ID, which multipath takes for one device: longer names become their first 7
 * characters, '-' and 8 hex digits of SHA-256(name).
 */
public final class ScsiIdentity {
    public static final int MAX_DEFAULT_ID = 16;

    private ScsiIdentity() {
    }

    /** {@code p_lun_1:0} to {@code p_lun_1}; names without a numeric clone suffix stay as they are. */
    public static String resourceName(String instance) {
        int colon = instance.lastIndexOf(':');
        if (colon > 0 && colon < instance.length() - 1 && instance.substring(colon + 1).chars().allMatch(Character::isDigit)) {
            return instance.substring(0, colon);
        }
        return instance;
    }

    public static String defaultScsiId(String instance) {
        String name = resourceName(instance);
        if (name.getBytes(StandardCharsets.UTF_8).length <= MAX_DEFAULT_ID && name.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ',')) {
            return name;
        }
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
        String head = safe.length() > 7 ? safe.substring(0, 7) : safe;
        return head + "-" + hex("SHA-256", name).substring(0, 8);
    }

    public static String defaultScsiSn(String instance) {
        return hex("MD5", resourceName(instance)).substring(0, 8);
    }

    private static String hex(String algorithm, String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }
}
