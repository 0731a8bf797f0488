// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.tgt;

import io.tgtha.process.AsciiSet;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Default SCSI identity of a logical unit, derived from the resource name alone so that both nodes
 * present the same device (initiator multipath must see one device behind two paths, before and after
 * a failover). The clone suffix ({@code :N}) is stripped because clone instances are one device.
 *
 * <p>What multipath and the kernel use as the device's WWID is the NAA IEEE Registered Extended
 * designator of VPD page 0x83, and tgtd (1.0.85) builds that from the HEX DIGITS of scsi_id only
 * (every other character counts as 0, see {@link #naaDesignator(String)}); its NAA-local designator is
 * tid and LUN, which differ between nodes. The stock default scsi_id, the resource name, therefore gives
 * "p_lun1" and "vol1" the same WWID. Here the default is the name's first 7 characters (readable in the
 * T10 designator), '-' and 24 hex digits of SHA-256(name): 32 characters, all of which fit tgtd's 128-bit
 * conversion, unique per name, identical on every node.
 *
 * <p>SCSI SN (page 0x80): the first 8 hex digits of MD5(name), the stock agent's default.
 */
public final class ScsiIdentity {
    static final int HASH_DIGITS = 24;
    private static final AsciiSet READABLE = AsciiSet.of("A-Za-z0-9._-");

    private ScsiIdentity() {
    }

    /** {@code p_lun_1:0} to {@code p_lun_1}; names without a numeric clone suffix stay as they are. */
    public static String resourceName(String instance) {
        int colon = instance.lastIndexOf(':');
        if (colon > 0 && colon < instance.length() - 1 && allDigits(instance.substring(colon + 1))) {
            return instance.substring(0, colon);
        }
        return instance;
    }

    private static boolean allDigits(String s) {
        return s.chars().allMatch(Character::isDigit);
    }

    public static String defaultScsiId(String instance) {
        String name = resourceName(instance);
        String safe = readable(name);
        String head = safe.length() > 7 ? safe.substring(0, 7) : safe;
        return head + "-" + hex("SHA-256", name).substring(0, HASH_DIGITS);
    }

    /**
     * {@code name} with every code point outside {@link #READABLE} replaced by one '_': exactly what the
     * former {@code replaceAll("[^A-Za-z0-9._-]", "_")} gave (one '_' per code point, so a surrogate pair
     * becomes ONE '_', not two as a per-char replacement would). Multipath WWIDs of existing LUNs depend
     * on it: ScsiIdentityDefaultsNeverChangeTest pins the results.
     */
    private static String readable(String name) {
        StringBuilder b = new StringBuilder(name.length());
        int i = 0;
        while (i < name.length()) {
            int cp = name.codePointAt(i);
            int width = Character.charCount(cp);
            b.append(cp < 128 && READABLE.contains((char) cp) ? (char) cp : '_');
            i += width;
        }
        return b.toString();
    }

    public static String defaultScsiSn(String instance) {
        return hex("MD5", resourceName(instance)).substring(0, 8);
    }

    /**
     * The 16-byte NAA IEEE Registered Extended designator tgtd derives from {@code scsiId}, as 32 hex
     * digits: every character is read as one hex digit (non-hex characters as 0), shifted into a 128-bit
     * number (higher digits of longer IDs fall off), and the NAA type 6 is OR'ed into the top nibble.
     */
    public static String naaDesignator(String scsiId) {
        BigInteger v = BigInteger.ZERO;
        BigInteger mask = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
        for (char c : scsiId.toCharArray()) {
            int digit = Character.digit(c, 16);
            v = v.shiftLeft(4).or(BigInteger.valueOf(Math.max(digit, 0))).and(mask);
        }
        v = v.or(BigInteger.valueOf(6).shiftLeft(124));
        String s = v.toString(16);
        return "0".repeat(32 - s.length()) + s;
    }

    /** Hex digits in the ID: fewer than about 12 make colliding WWIDs likely. */
    public static int hexDigits(String scsiId) {
        return (int) scsiId.chars().filter(c -> Character.digit(c, 16) >= 0).count();
    }

    /** The lower-case hex digest of {@code text}'s UTF-8 bytes. */
    private static String hex(String algorithm, String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is a digest every JDK has", e);
        }
    }
}
