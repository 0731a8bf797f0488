package io.tgtha.cli.cluster;

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
            String iqn = null;
            for (Element attrs : Xml.children(p, "instance_attributes")) {
                for (Element nv : Xml.children(attrs, "nvpair")) {
                    if ("iqn".equals(nv.getAttribute("name"))) {
                        iqn = nv.getAttribute("value");
                    }
                }
            }
            if (iqn == null) {
                continue;
            }
            String group = null;
            if (p.getParentNode() instanceof Element parent && parent.getTagName().equals("group")) {
                group = parent.getAttribute("id");
            }
            String agent = p.getAttribute("class") + (p.hasAttribute("provider") ? ":" + p.getAttribute("provider") : "")
                    + ":" + p.getAttribute("type");
            out.add(new TargetResource(p.getAttribute("id"), group, iqn, agent));
        }
        return out;
    }
}
