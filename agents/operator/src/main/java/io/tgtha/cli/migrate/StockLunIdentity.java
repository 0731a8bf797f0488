// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.migrate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SCSI identity {@code ocf:heartbeat:iSCSILogicalUnit} gives a LUN whose scsi_id / scsi_sn are unset:
 * scsi_id is the first 16 characters of the resource name, scsi_sn the first 8 hex digits of the MD5 of
 * the name (resource-agents 4.12, the same back to 3.9). tgtd derives the WWID (VPD 0x83) and serial
 * (VPD 0x80) from them, so a migrated LUN keeps its identity only with these values set explicitly.
 */
public final class StockLunIdentity {
    private StockLunIdentity() {
    }

    public static String defaultScsiId(String resourceName) {
        return resourceName.length() <= 16 ? resourceName : resourceName.substring(0, 16);
    }

    public static String defaultScsiSn(String resourceName) {
        try {
            byte[] md5 = MessageDigest.getInstance("MD5").digest(resourceName.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md5).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }
}
