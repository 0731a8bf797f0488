// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.testkit;

import java.time.Duration;

/**
 * The usual two-namespace lab: a target namespace running tgtd on {@code SUBNET.1:3260} and an
 * initiator namespace at {@code SUBNET.2}, joined by a veth pair.
 *
 * <pre>{@code
 * try (TgtLab lab = TgtLab.start(LabConfig.of("tc", "10.231.1", 1001, 1099))) {
 *     lab.tgtd().tgtadm("--op", "show", "--mode", "target");
 *     lab.initiator().canLogin(IscsiUrl.lun(lab.targetIp(), iqn, 1), Duration.ofSeconds(10));
 * }
 * }</pre>
 */
public record TgtLab(LabConfig config, Netns targetNs, Netns initiatorNs, VethLink link, TgtdProcess tgtd)
        implements AutoCloseable {

    /** Creates namespaces, wires them, starts tgtd. Cleans leftovers of crashed runs of this prefix first. */
    public static TgtLab start(LabConfig config) {
        Lab.cleanupLeftovers(config.prefix());
        String stem = Lab.uniqueStem(config.prefix());
        Netns tgt = Netns.createNamed(stem + "-tgt");
        Netns ini = null;
        try {
            ini = Netns.createNamed(stem + "-ini");
            VethLink link = VethLink.connect24(tgt, ini, config.subnet(), 1, 2);
            TgtdProcess tgtd = TgtdProcess.start(tgt, link.ipA(), config.controlPortFrom(), config.controlPortTo());
            return new TgtLab(config, tgt, ini, link, tgtd);
        } catch (RuntimeException e) {
            if (ini != null) {
                ini.close();
            }
            tgt.close();
            throw e;
        }
    }

    public String targetIp() {
        return link.ipA();
    }

    public String initiatorIp() {
        return link.ipB();
    }

    /** libiscsi initiator in the initiator namespace, default initiator name. */
    public Initiator initiator() {
        return new Initiator(initiatorNs);
    }

    public static Duration defaultTimeout() {
        return Duration.ofSeconds(20);
    }

    @Override
    public void close() {
        try {
            tgtd.close();
        } finally {
            try {
                initiatorNs.close();
            } finally {
                targetNs.close();
            }
        }
    }
}
