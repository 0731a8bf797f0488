// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.cluster;

import io.tgtha.cli.CliException;
import io.tgtha.cli.ExitCode;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/** Small DOM helpers; parsing with external entities off (the XML comes from a tool, still untrusted). */
public final class Xml {
    private Xml() {
    }

    static Document parse(String xml) {
        return parse(xml, "Pacemaker XML");
    }

    /** External entities and DOCTYPEs off; a failure is COMMAND_FAILED "cannot parse {@code what}". */
    public static Document parse(String xml, String what) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            var builder = f.newDocumentBuilder();
            builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler()); // no "[Fatal Error]" lines on stderr
            return builder.parse(new InputSource(new StringReader(xml)));
        } catch (Exception e) {
            throw new CliException(ExitCode.COMMAND_FAILED, "cannot parse " + what + ": " + e.getMessage());
        }
    }

    static Element child(Element parent, String name) {
        for (Element e : children(parent, name)) {
            return e;
        }
        return null;
    }

    static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        NodeList kids = parent.getChildNodes();
        for (int i = 0; i < kids.getLength(); i++) {
            Node k = kids.item(i);
            if (k instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    /** First descendant with this tag, or null. */
    static Element first(Element root, String name) {
        NodeList all = root.getElementsByTagName(name);
        return all.getLength() == 0 ? null : (Element) all.item(0);
    }
}
