// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.migrate;

import io.tgtha.cli.cluster.Xml;

import io.tgtha.cli.CliException;
import io.tgtha.cli.ExitCode;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The primitives of a whole CIB ({@code cibadmin --query}), with the group and clone each one sits in. */
public final class CibConfiguration {
    private final List<CibPrimitive> primitives;
    private final java.util.Set<String> ids;

    private CibConfiguration(List<CibPrimitive> primitives, java.util.Set<String> ids) {
        this.primitives = List.copyOf(primitives);
        this.ids = java.util.Set.copyOf(ids);
    }

    /** Every id in the configuration section: new resources and constraints must not reuse one. */
    public boolean hasId(String id) {
        return ids.contains(id);
    }

    public List<CibPrimitive> primitives() {
        return primitives;
    }

    public Optional<CibPrimitive> primitive(String id) {
        return primitives.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    public static CibConfiguration parse(String xml) {
        Element root = document(xml).getDocumentElement();
        Element resources = first(root, "resources");
        if (resources == null) {
            throw new CliException(ExitCode.COMMAND_FAILED, "not a CIB: no <resources> element");
        }
        List<CibPrimitive> out = new ArrayList<>();
        NodeList all = resources.getElementsByTagName("primitive");
        for (int i = 0; i < all.getLength(); i++) {
            out.add(primitive((Element) all.item(i)));
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        NodeList everything = root.getElementsByTagName("*");
        for (int i = 0; i < everything.getLength(); i++) {
            Element e = (Element) everything.item(i);
            if (e.hasAttribute("id")) {
                ids.add(e.getAttribute("id"));
            }
        }
        return new CibConfiguration(out, ids);
    }

    private static CibPrimitive primitive(Element p) {
        String group = null;
        String clone = null;
        for (Node up = p.getParentNode(); up instanceof Element e; up = e.getParentNode()) {
            switch (e.getTagName()) {
                case "group" -> group = e.getAttribute("id");
                case "clone", "master", "bundle" -> clone = e.getAttribute("id");
                default -> { }
            }
        }
        List<Element> attributeSets = children(p, "instance_attributes");
        boolean ruleBased = attributeSets.size() > 1
                || attributeSets.stream().anyMatch(s -> !children(s, "rule").isEmpty());
        List<CibOp> ops = new ArrayList<>();
        Element operations = child(p, "operations");
        if (operations != null) {
            for (Element op : children(operations, "op")) {
                Map<String, String> attrs = new LinkedHashMap<>();
                var a = op.getAttributes();
                for (int i = 0; i < a.getLength(); i++) {
                    String name = a.item(i).getNodeName();
                    if (!name.equals("id") && !name.equals("name")) {
                        attrs.put(name, a.item(i).getNodeValue());
                    }
                }
                for (Element set : children(op, "instance_attributes")) {
                    attrs.putAll(nvpairs(set));
                }
                ops.add(new CibOp(op.getAttribute("name"), attrs));
            }
        }
        Map<String, String> params = new LinkedHashMap<>();
        attributeSets.forEach(s -> params.putAll(nvpairs(s)));
        Map<String, String> meta = new LinkedHashMap<>();
        children(p, "meta_attributes").forEach(s -> meta.putAll(nvpairs(s)));
        return new CibPrimitive(p.getAttribute("id"), p.getAttribute("class"), p.getAttribute("provider"),
                p.getAttribute("type"), params, meta, ops, group, clone, ruleBased);
    }

    private static Map<String, String> nvpairs(Element set) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Element nv : children(set, "nvpair")) {
            out.put(nv.getAttribute("name"), nv.getAttribute("value"));
        }
        return out;
    }

    /** External entities and DOCTYPEs off: a CIB file given on the command line is still input. */
    static Document document(String xml) {
        return Xml.parse(xml, "the CIB");
    }

    private static Element first(Element root, String name) {
        NodeList all = root.getElementsByTagName(name);
        return all.getLength() == 0 ? null : (Element) all.item(0);
    }

    private static Element child(Element parent, String name) {
        List<Element> c = children(parent, name);
        return c.isEmpty() ? null : c.get(0);
    }

    static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        NodeList kids = parent.getChildNodes();
        for (int i = 0; i < kids.getLength(); i++) {
            if (kids.item(i) instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }
}
