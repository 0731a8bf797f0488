// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.testkit;

import java.time.Duration;

/**
 * A veth pair joining two namespaces, one IPv4 address on each end. Deleted together with either
 * namespace, so it needs no close of its own. Interface names are random and at most 15 bytes
 * (IFNAMSIZ), hence not derived from the namespace names.
 */
public record VethLink(Netns nsA, Netns nsB, String interfaceA, String interfaceB, String ipA, String ipB) {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** Wires {@code a} (address ipA/prefixLen) to {@code b} (ipB/prefixLen) and brings both ends up. */
    public static VethLink connect(Netns a, String ipA, Netns b, String ipB, int prefixLen) {
        String stem = "v" + Lab.randomSuffix(8);
        String ifA = stem + "a";
        String ifB = stem + "b";
        Exec.run(TIMEOUT, "ip", "link", "add", ifA, "netns", a.name(), "type", "veth",
                "peer", "name", ifB, "netns", b.name()).orThrow();
        a.exec(TIMEOUT, "ip", "addr", "add", ipA + "/" + prefixLen, "dev", ifA).orThrow();
        b.exec(TIMEOUT, "ip", "addr", "add", ipB + "/" + prefixLen, "dev", ifB).orThrow();
        a.exec(TIMEOUT, "ip", "link", "set", ifA, "up").orThrow();
        b.exec(TIMEOUT, "ip", "link", "set", ifB, "up").orThrow();
        return new VethLink(a, b, ifA, ifB, ipA, ipB);
    }

    /** Convenience for a /24: {@code subnet} like "10.231.1" and host numbers such as 1 and 2. */
    public static VethLink connect24(Netns a, Netns b, String subnet, int hostA, int hostB) {
        return connect(a, subnet + "." + hostA, b, subnet + "." + hostB, 24);
    }
}
