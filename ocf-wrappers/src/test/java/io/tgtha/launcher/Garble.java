// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.launcher;

import java.util.Random;

/** Hostile parameter values: empty, huge, control characters, unicode, invalid surrogates, shell. */
final class Garble {
    private Garble() {
    }

    /**
     * A garbled value for {@code key}, except that tgt_control_port never names a tgtd that might
     * exist: a fuzzed start must not reach a real daemon (port 0 is the host's default tgtd), so a
     * value that could be a port (or empty/unset, meaning 0) becomes 5098, in our range and unused.
     */
    static String valueFor(String key, Random r) {
        String v = value(r);
        if (key.equals("tgt_control_port")) {
            try {
                long port = Long.parseLong(v.strip());
                if (port >= 0 && port <= 65535) {
                    return "5098";
                }
            } catch (NumberFormatException e) {
                if (v.isBlank()) {
                    return "5098";
                }
            }
        }
        return v;
    }

    static String value(Random r) {
        return switch (r.nextInt(12)) {
            case 0 -> "";
            case 1 -> " ";
            case 2 -> Long.toString(r.nextLong());
            case 3 -> "9".repeat(1 + r.nextInt(60));
            case 4 -> "x".repeat(r.nextInt(200_000));
            case 5 -> codePoints(r, 1, 0x10FFFF);
            case 6 -> codePoints(r, 1, 0x20);
            case 7 -> "\uD800" + "\uDFFF\uFFFE\uFEFF";
            case 8 -> "fail\n\u0007; rm -rf / #$(reboot)`id`";
            case 9 -> "-1";
            case 10 -> "ocf-exit-reason:forged\nsecond line";
            default -> bytesAsLatin1(r);
        };
    }

    private static String codePoints(Random r, int lo, int hi) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(64);
        for (int i = 0; i < n; i++) {
            int cp = lo + r.nextInt(hi - lo);
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                sb.append((char) cp); // a lone surrogate, as a broken decoder would hand us
            } else {
                sb.appendCodePoint(cp);
            }
        }
        return sb.toString();
    }

    /** Random bytes (not UTF-8) as the JVM shows an undecodable environment value. */
    private static String bytesAsLatin1(Random r) {
        byte[] b = new byte[r.nextInt(256)];
        r.nextBytes(b);
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(x == 0 ? '\uFFFD' : (char) (x & 0xFF));
        }
        return sb.toString();
    }
}
