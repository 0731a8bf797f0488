// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.cluster;

import io.tgtha.cli.cluster.ClusterStatus.FailedAction;
import io.tgtha.cli.cluster.ClusterStatus.NodeStatus;
import io.tgtha.cli.cluster.ClusterStatus.ResourceStatus;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code crm_mon --output-as=xml} (Pacemaker 2.x, root {@code pacemaker-result}) and the older
 * {@code crm_mon --as-xml} (1.1, root {@code crm_mon}); both use the same nodes/resources/failures
 * elements.
 */
public final class CrmMonXml {
    private CrmMonXml() {
    }

    public static ClusterStatus parse(String xml) {
        Document doc = Xml.parse(xml);
        Element root = doc.getDocumentElement();
        String dc = null;
        Element currentDc = Xml.first(root, "current_dc");
        if (currentDc != null && "true".equals(currentDc.getAttribute("present"))) {
            dc = currentDc.getAttribute("name");
        }
        List<NodeStatus> nodes = new ArrayList<>();
        Element nodesEl = Xml.child(root, "nodes");
        if (nodesEl != null) {
            for (Element n : Xml.children(nodesEl, "node")) {
                nodes.add(new NodeStatus(n.getAttribute("name"), bool(n, "online"), bool(n, "standby"),
                        bool(n, "maintenance"), bool(n, "unclean")));
            }
        }
        List<ResourceStatus> resources = new ArrayList<>();
        Element resourcesEl = Xml.child(root, "resources");
        if (resourcesEl != null) {
            collect(resourcesEl, null, resources);
        }
        List<FailedAction> failures = new ArrayList<>();
        Element failuresEl = Xml.child(root, "failures");
        if (failuresEl != null) {
            for (Element f : Xml.children(failuresEl, "failure")) {
                String op = f.hasAttribute("op_key") ? f.getAttribute("op_key") : f.getAttribute("task");
                failures.add(new FailedAction(f.getAttribute("node"), op, f.getAttribute("exitstatus"),
                        f.getAttribute("exitreason")));
            }
        }
        return new ClusterStatus(dc, nodes, resources, failures);
    }

    /** Walks groups, clones and bundles; a primitive remembers the nearest group around it. */
    private static void collect(Element parent, String group, List<ResourceStatus> out) {
        NodeList kids = parent.getChildNodes();
        for (int i = 0; i < kids.getLength(); i++) {
            Node k = kids.item(i);
            if (!(k instanceof Element e)) {
                continue;
            }
            switch (e.getTagName()) {
                case "resource" -> {
                    List<String> on = new ArrayList<>();
                    for (Element n : Xml.children(e, "node")) {
                        on.add(n.getAttribute("name"));
                    }
                    out.add(new ResourceStatus(e.getAttribute("id"), e.getAttribute("resource_agent"),
                            e.getAttribute("role"), bool(e, "active"), bool(e, "failed"),
                            !"false".equals(e.getAttribute("managed")), group, on));
                }
                case "group" -> collect(e, e.getAttribute("id"), out);
                case "clone", "bundle", "replica" -> collect(e, group, out);
                default -> { }
            }
        }
    }

    private static boolean bool(Element e, String attribute) {
        return "true".equals(e.getAttribute(attribute));
    }
}
