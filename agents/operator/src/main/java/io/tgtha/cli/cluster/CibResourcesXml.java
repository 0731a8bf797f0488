// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.cluster;

import io.tgtha.cli.net.Endpoint;
import org.w3c.dom.Element;

import java.util.ArrayList;
import java.util.List;

/** Finds target primitives in {@code cibadmin --query --scope resources}: any primitive with an iqn parameter. */
public final class CibResourcesXml {
    private CibResourcesXml() {
    }

    public static List<TargetResource> targets(String xml) {
        Element root = Xml.parse(xml).getDocumentElement();
        List<TargetResource> out = new ArrayList<>();
        var primitives = root.getElementsByTagName("primitive");
        for (int i = 0; i < primitives.getLength(); i++) {
            Element p = (Element) primitives.item(i);
            String iqn = param(p, "iqn");
            if (iqn == null) {
                continue;
            }
            Element group = p.getParentNode() instanceof Element parent && parent.getTagName().equals("group")
                    ? parent : null;
            String agent = p.getAttribute("class") + (p.hasAttribute("provider") ? ":" + p.getAttribute("provider") : "")
                    + ":" + p.getAttribute("type");
            out.add(new TargetResource(p.getAttribute("id"), group == null ? null : group.getAttribute("id"), iqn,
                    agent, portals(p, group)));
        }
        return out;
    }

    /** The target's portals parameter ("IP:port ..."), else the group's floating IP addresses. */
    static List<String> portals(Element target, Element group) {
        List<String> ips = new ArrayList<>();
        String portals = param(target, "portals");
        if (portals != null) {
            for (String portal : portals.trim().split("[\\s,]+")) {
                if (portal.isEmpty()) {
                    continue;
                }
                String ip = portal.lastIndexOf(':') > portal.lastIndexOf(']') ? Endpoint.parse(portal).address()
                        : Endpoint.normalise(portal);
                if (!ip.equals("0.0.0.0") && !ip.equals("::") && !ip.equals("*")) {
                    ips.add(ip);
                }
            }
        }
        if (ips.isEmpty() && group != null) {
            for (Element sibling : Xml.children(group, "primitive")) {
                String type = sibling.getAttribute("type");
                String ip = param(sibling, "ip");
                if ((type.equals("IPaddr2") || type.equals("IPaddr")) && ip != null && !ips.contains(ip)) {
                    ips.add(ip);
                }
            }
        }
        return ips;
    }

    private static String param(Element primitive, String name) {
        for (Element attrs : Xml.children(primitive, "instance_attributes")) {
            for (Element nv : Xml.children(attrs, "nvpair")) {
                if (name.equals(nv.getAttribute("name"))) {
                    return nv.getAttribute("value");
                }
            }
        }
        return null;
    }
}
