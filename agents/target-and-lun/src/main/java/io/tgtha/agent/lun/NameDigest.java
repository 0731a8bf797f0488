package io.tgtha.agent.lun;

/**
 * SHA-256 (FIPS 180-4) and MD5 (RFC 1321) of a short byte string, as lower-case hex, for the default
 * SCSI identity ({@link ScsiIdentity}). Not for anything secret: these only make resource names into
 * stable, well-spread device identifiers.
 *
 * <p>Why not java.security.MessageDigest: in a JVM that lives 50 ms, its first use costs about 15 ms
 * (measured, JDK 17: the JCA provider list, the SUN provider's service table, SecureRandom set-up, and
 * the VarHandles of its byte-order helpers, which link method handles and spin classes with ASM). Every
 * LUN operation without an explicit scsi_id derives the identity, so that was on every monitor.
 * NameDigestIsMessageDigestTest checks these against MessageDigest on thousands of inputs, and
 * ScsiIdentityDefaultsNeverChangeTest pins the identities the MessageDigest version produced.
 */
final class NameDigest {
    private static final int[] SHA256_K = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    };
    private static final int[] SHA256_H0 = {
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    };
    /** floor(|sin(i + 1)| * 2^32). */
    private static final int[] MD5_K = {
        0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
        0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
        0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
        0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
        0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
        0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
        0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
        0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
    };
    private static final int[] MD5_SHIFTS = {7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21};
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private NameDigest() {
    }

    static String sha256Hex(byte[] message) {
        byte[] padded = pad(message, true);
        int[] h = SHA256_H0.clone();
        int[] w = new int[64];
        for (int block = 0; block < padded.length; block += 64) {
            for (int t = 0; t < 16; t++) {
                int i = block + 4 * t;
                w[t] = (padded[i] & 0xff) << 24 | (padded[i + 1] & 0xff) << 16 | (padded[i + 2] & 0xff) << 8
                        | (padded[i + 3] & 0xff);
            }
            for (int t = 16; t < 64; t++) {
                int s0 = Integer.rotateRight(w[t - 15], 7) ^ Integer.rotateRight(w[t - 15], 18) ^ (w[t - 15] >>> 3);
                int s1 = Integer.rotateRight(w[t - 2], 17) ^ Integer.rotateRight(w[t - 2], 19) ^ (w[t - 2] >>> 10);
                w[t] = w[t - 16] + s0 + w[t - 7] + s1;
            }
            int a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
            for (int t = 0; t < 64; t++) {
                int sum1 = Integer.rotateRight(e, 6) ^ Integer.rotateRight(e, 11) ^ Integer.rotateRight(e, 25);
                int choose = (e & f) ^ (~e & g);
                int t1 = hh + sum1 + choose + SHA256_K[t] + w[t];
                int sum0 = Integer.rotateRight(a, 2) ^ Integer.rotateRight(a, 13) ^ Integer.rotateRight(a, 22);
                int majority = (a & b) ^ (a & c) ^ (b & c);
                int t2 = sum0 + majority;
                hh = g;
                g = f;
                f = e;
                e = d + t1;
                d = c;
                c = b;
                b = a;
                a = t1 + t2;
            }
            h[0] += a;
            h[1] += b;
            h[2] += c;
            h[3] += d;
            h[4] += e;
            h[5] += f;
            h[6] += g;
            h[7] += hh;
        }
        StringBuilder out = new StringBuilder(64);
        for (int word : h) {
            for (int shift = 24; shift >= 0; shift -= 8) {
                appendHex(out, word >>> shift);
            }
        }
        return out.toString();
    }

    static String md5Hex(byte[] message) {
        byte[] padded = pad(message, false);
        int a0 = 0x67452301, b0 = 0xefcdab89, c0 = 0x98badcfe, d0 = 0x10325476;
        int[] m = new int[16];
        for (int block = 0; block < padded.length; block += 64) {
            for (int j = 0; j < 16; j++) {
                int i = block + 4 * j;
                m[j] = (padded[i] & 0xff) | (padded[i + 1] & 0xff) << 8 | (padded[i + 2] & 0xff) << 16
                        | (padded[i + 3] & 0xff) << 24;
            }
            int a = a0, b = b0, c = c0, d = d0;
            for (int i = 0; i < 64; i++) {
                int f;
                int g;
                if (i < 16) {
                    f = (b & c) | (~b & d);
                    g = i;
                } else if (i < 32) {
                    f = (d & b) | (~d & c);
                    g = (5 * i + 1) % 16;
                } else if (i < 48) {
                    f = b ^ c ^ d;
                    g = (3 * i + 5) % 16;
                } else {
                    f = c ^ (b | ~d);
                    g = (7 * i) % 16;
                }
                int rotated = Integer.rotateLeft(a + f + MD5_K[i] + m[g], MD5_SHIFTS[(i / 16) * 4 + i % 4]);
                a = d;
                d = c;
                c = b;
                b = b + rotated;
            }
            a0 += a;
            b0 += b;
            c0 += c;
            d0 += d;
        }
        StringBuilder out = new StringBuilder(32);
        for (int word : new int[] {a0, b0, c0, d0}) {
            for (int shift = 0; shift <= 24; shift += 8) {
                appendHex(out, word >>> shift);
            }
        }
        return out.toString();
    }

    /**
     * The message, a 1 bit, zeros, and its length in bits as 64 bits (big-endian for SHA-256,
     * little-endian for MD5), to a multiple of 64 bytes: the padding both algorithms share.
     */
    private static byte[] pad(byte[] message, boolean bigEndianLength) {
        int length = ((message.length + 8) / 64 + 1) * 64;
        byte[] padded = new byte[length];
        System.arraycopy(message, 0, padded, 0, message.length);
        padded[message.length] = (byte) 0x80;
        long bits = (long) message.length * 8;
        for (int k = 0; k < 8; k++) {
            int at = bigEndianLength ? length - 1 - k : length - 8 + k;
            padded[at] = (byte) (bits >>> (8 * k));
        }
        return padded;
    }

    private static void appendHex(StringBuilder out, int b) {
        out.append(HEX[(b >>> 4) & 0xf]).append(HEX[b & 0xf]);
    }
}
