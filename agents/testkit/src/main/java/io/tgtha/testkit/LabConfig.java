// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.testkit;

/**
 * Who owns the lab: namespace prefix (names become {@code PREFIX-PID-RAND-ROLE}), the first three
 * octets of the IPv4 /24, and the inclusive tgtd control-port range.
 */
public record LabConfig(String prefix, String subnet, int controlPortFrom, int controlPortTo) {
    public LabConfig {
        Lab.validatePrefix(prefix);
        if (!subnet.matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) {
            throw new IllegalArgumentException("subnet must be three octets like 10.231.1, got " + subnet);
        }
        if (controlPortFrom < 1 || controlPortTo < controlPortFrom || controlPortTo > 32767) {
            throw new IllegalArgumentException("bad control port range " + controlPortFrom + "-" + controlPortTo);
        }
    }

    public static LabConfig of(String prefix, String subnet, int controlPortFrom, int controlPortTo) {
        return new LabConfig(prefix, subnet, controlPortFrom, controlPortTo);
    }
}
