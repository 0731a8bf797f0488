// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A password or other secret. Its toString never reveals it, so it can't leak through a log line,
 * an exception message or a debugger's variable view by accident.
 */
public final class Secret {
    private final byte[] value;

    private Secret(byte[] value) {
        this.value = value;
    }

    public static Secret of(String value) {
        return new Secret(value.getBytes(StandardCharsets.UTF_8));
    }

    public static Secret ofBytes(byte[] value) {
        return new Secret(value.clone());
    }

    /** The secret itself, for the one place that must send it (a socket, a process's stdin). */
    public String reveal() {
        return new String(value, StandardCharsets.UTF_8);
    }

    public byte[] revealBytes() {
        return value.clone();
    }

    public boolean isEmpty() {
        return value.length == 0;
    }

    public boolean sameAs(Secret other) {
        return java.security.MessageDigest.isEqual(value, other.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && sameAs(s);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "********";
    }
}
