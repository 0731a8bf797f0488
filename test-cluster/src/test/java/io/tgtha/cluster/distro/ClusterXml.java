// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cluster.distro;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The container cluster's configuration as CIB XML (the images carry no crmsh or pcs): the reference configuration
 * ({@code docs/reference-configuration.crm}) for one target, with tgtd outside Pacemaker (no systemd:tgt clone) and,
 * for mutual CHAP, an outgoing account clone beside the incoming one. Both accounts are also bound to discovery: an
 * initiator set up for mutual CHAP (libiscsi with LIBISCSI_CHAP_TARGET_USERNAME) asks discovery to authenticate itself
 * too, and refuses a discovery without an outgoing account ("did not return CHAP_N during SECNEG"; measured against
 * tgtd 1.0.85: the same initiator logs in to the target itself). Addresses are the container switch's.
 */
final class ClusterXml {
    static final String VIP = "10.231.77.21";
    static final String IQN = "iqn.2026-12.io.tgtha.cc:t1";

    private ClusterXml() {
    }

    static String resources() {
        String block = "protocol=tcp portno=3260 ip=" + VIP + " direction=out method=reject";
        return "<resources>\n"
                + clone("chap-in", primitive("chap-in", "tgtha", "account", "30s",
                        "username=tgthalab password_file=/etc/tgtha/chap-incoming.secret direction=incoming discovery=true"))
                + clone("chap-out", primitive("chap-out", "tgtha", "account", "30s",
                        "username=tgthatarget password_file=/etc/tgtha/chap-outgoing.secret direction=outgoing discovery=true"))
                + "<group id=\"g-t1\">\n"
                + primitive("t1-block", "tgtha", "portblock", null, block + " action=block")
                + primitive("t1-ip", "heartbeat", "IPaddr2", "10s", "ip=" + VIP + " cidr_netmask=24 nic=eth0")
                + primitive("t1-target", "tgtha", "target", "10s", "iqn=" + IQN + " tid=1 portals=" + VIP + ":3260"
                        + " allowed_initiators=10.231.77.100 incoming_username=tgthalab outgoing_username=tgthatarget")
                + primitive("t1-lun", "tgtha", "lun", "10s", "target_iqn=" + IQN + " lun=1 path=/srv/iscsi/t1.img")
                + primitive("t1-unblock", "tgtha", "portblock", "10s", block
                        + " action=unblock reset_local_on_unblock_stop=true tickle_dir=/srv/iscsi/tickle")
                + "</group>\n</resources>";
    }

    static String constraints() {
        return "<constraints>\n"
                + "<rsc_location id=\"l-t1-prefers-cc-n1\" rsc=\"g-t1\" node=\"cc-n1\" score=\"100\"/>\n"
                + "<rsc_order id=\"o-chap-in-before-t1\" kind=\"Mandatory\" first=\"chap-in-clone\" then=\"g-t1\"/>\n"
                + "<rsc_order id=\"o-chap-out-before-t1\" kind=\"Mandatory\" first=\"chap-out-clone\" then=\"g-t1\"/>\n"
                + "</constraints>";
    }

    private static String clone(String id, String primitive) {
        return "<clone id=\"" + id + "-clone\">\n"
                + "<meta_attributes id=\"" + id + "-clone-meta\">"
                + "<nvpair id=\"" + id + "-clone-interleave\" name=\"interleave\" value=\"true\"/></meta_attributes>\n"
                + primitive + "</clone>\n";
    }

    /** {@code params}: space-separated name=value pairs without spaces in the values. */
    private static String primitive(String id, String provider, String type, String monitor, String params) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String p : params.split(" ")) {
            values.put(p.substring(0, p.indexOf('=')), p.substring(p.indexOf('=') + 1));
        }
        StringBuilder xml = new StringBuilder("<primitive id=\"" + id + "\" class=\"ocf\" provider=\"" + provider
                + "\" type=\"" + type + "\">\n<instance_attributes id=\"" + id + "-params\">\n");
        values.forEach((k, v) -> xml.append("<nvpair id=\"").append(id).append('-').append(k).append("\" name=\"")
                .append(k).append("\" value=\"").append(v).append("\"/>\n"));
        xml.append("</instance_attributes>\n");
        if (monitor != null) {
            xml.append("<operations><op id=\"").append(id).append("-monitor\" name=\"monitor\" interval=\"")
                    .append(monitor).append("\" timeout=\"60s\"/></operations>\n");
        }
        return xml.append("</primitive>\n").toString();
    }
}
