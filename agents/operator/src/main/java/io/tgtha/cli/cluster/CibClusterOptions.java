// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.cluster;

import org.w3c.dom.Element;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Cluster properties (load-threshold, node-action-limit, ...) from {@code cibadmin --query --scope crm_config}. */
public final class CibClusterOptions {
    /** The set crmsh and pcs write to. */
    static final String BOOTSTRAP_SET = "cib-bootstrap-options";

    private CibClusterOptions() {
    }

    /**
     * Name to value. A property set in several property sets counts from cib-bootstrap-options first, then in
     * document order (rules and scores on sets, rare for these options, are not evaluated).
     */
    public static Map<String, String> parse(String xml) {
        Element root = Xml.parse(xml).getDocumentElement();
        var sets = root.getElementsByTagName("cluster_property_set");
        List<Element> ordered = new ArrayList<>();
        for (int i = 0; i < sets.getLength(); i++) {
            Element set = (Element) sets.item(i);
            if (BOOTSTRAP_SET.equals(set.getAttribute("id"))) {
                ordered.add(0, set);
            } else {
                ordered.add(set);
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Element set : ordered) {
            for (Element nv : Xml.children(set, "nvpair")) {
                if (nv.hasAttribute("name") && nv.hasAttribute("value")) {
                    out.putIfAbsent(nv.getAttribute("name"), nv.getAttribute("value"));
                }
            }
        }
        return out;
    }
}
