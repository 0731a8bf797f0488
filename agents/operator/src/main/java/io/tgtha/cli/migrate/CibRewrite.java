// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.migrate;

import io.tgtha.cli.CliException;
import io.tgtha.cli.ExitCode;
import io.tgtha.cli.migrate.MigrationPlan.AccountClone;
import io.tgtha.cli.migrate.MigrationPlan.Mapped;
import io.tgtha.cli.migrate.MigrationPlan.Order;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.StringWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The migration as one new {@code <configuration>} section, for one {@code cibadmin --replace --scope
 * configuration} (Pacemaker applies it as one change, or not at all). Each mapped primitive keeps its element, id,
 * place in its group, operations and meta attributes; only its provider, type and instance attributes change. The
 * account clones and orders are added. Unlike the printed procedure, an account clone carries the secret as its
 * {@code password} parameter: the stock targets held it in the CIB already, and a file would have to be written on
 * every node before the change (docs/migration.md says how to move it to a file afterwards).
 */
public final class CibRewrite {
    private final Document doc;
    private final Set<String> ids = new HashSet<>();

    private CibRewrite(Document doc) {
        this.doc = doc;
        NodeList all = doc.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (e.hasAttribute("id")) {
                ids.add(e.getAttribute("id"));
            }
        }
    }

    /** The whole CIB (status included) with the configuration rewritten: what crm_verify checks. */
    public static String cib(String cibXml, CibConfiguration cib, MigrationPlan plan) {
        CibRewrite r = new CibRewrite(parse(cibXml));
        r.apply(cib, plan);
        return r.serialise(r.doc.getDocumentElement());
    }

    /** Only the rewritten {@code <configuration>} element: what cibadmin --replace --scope configuration takes. */
    public static String configuration(String cibXml, CibConfiguration cib, MigrationPlan plan) {
        CibRewrite r = new CibRewrite(parse(cibXml));
        r.apply(cib, plan);
        return r.serialise(r.section("configuration"));
    }

    /** The unchanged {@code <configuration>} element of a CIB: what a rollback puts back. */
    public static String configurationOf(String cibXml) {
        CibRewrite r = new CibRewrite(parse(cibXml));
        return r.serialise(r.section("configuration"));
    }

    private void apply(CibConfiguration cib, MigrationPlan plan) {
        for (Mapped m : plan.mapped()) {
            Element p = primitive(m.source().id());
            p.setAttribute("class", "ocf");
            p.setAttribute("provider", "tgtha");
            p.setAttribute("type", m.tgthaType());
            replaceParams(p, m.params());
        }
        Element resources = section("resources");
        for (AccountClone a : plan.accounts()) {
            if (!a.existing()) {
                String secret = cib.primitive(a.secretFrom()).map(t -> t.params().get("incoming_password"))
                        .orElseThrow(() -> new IllegalStateException("no secret on " + a.secretFrom()));
                resources.appendChild(accountClone(a, secret));
            }
        }
        Element constraints = section("constraints");
        for (Order o : plan.orders()) {
            Element order = doc.createElement("rsc_order");
            order.setAttribute("id", fresh(o.id()));
            order.setAttribute("kind", "Mandatory");
            order.setAttribute("first", o.first());
            order.setAttribute("then", o.then());
            constraints.appendChild(order);
        }
    }

    /** The one instance_attributes set (rule-based or several sets are never mapped), its nvpairs replaced. */
    private void replaceParams(Element primitive, Map<String, String> params) {
        List<Element> sets = children(primitive, "instance_attributes");
        Element set;
        if (sets.isEmpty()) {
            set = doc.createElement("instance_attributes");
            set.setAttribute("id", fresh(primitive.getAttribute("id") + "-instance_attributes"));
            primitive.insertBefore(set, primitive.getFirstChild());
        } else {
            set = sets.get(0);
            for (Element nv : children(set, "nvpair")) {
                ids.remove(nv.getAttribute("id"));
                set.removeChild(nv);
            }
        }
        params.forEach((name, value) -> set.appendChild(nvpair(set.getAttribute("id"), name, value)));
    }

    private Element accountClone(AccountClone a, String secret) {
        Element clone = doc.createElement("clone");
        clone.setAttribute("id", a.cloneId());
        Element p = doc.createElement("primitive");
        p.setAttribute("id", a.primitiveId());
        p.setAttribute("class", "ocf");
        p.setAttribute("provider", "tgtha");
        p.setAttribute("type", "account");
        Element params = doc.createElement("instance_attributes");
        params.setAttribute("id", fresh(a.primitiveId() + "-instance_attributes"));
        params.appendChild(nvpair(params.getAttribute("id"), "username", a.username()));
        params.appendChild(nvpair(params.getAttribute("id"), "password", secret));
        params.appendChild(nvpair(params.getAttribute("id"), "direction", "incoming"));
        p.appendChild(params);
        Element ops = doc.createElement("operations");
        Element monitor = doc.createElement("op");
        monitor.setAttribute("id", fresh(a.primitiveId() + "-monitor-interval-30s"));
        monitor.setAttribute("name", "monitor");
        monitor.setAttribute("interval", "30s");
        monitor.setAttribute("timeout", "20s");
        ops.appendChild(monitor);
        p.appendChild(ops);
        clone.appendChild(p);
        Element meta = doc.createElement("meta_attributes");
        meta.setAttribute("id", fresh(a.cloneId() + "-meta_attributes"));
        meta.appendChild(nvpair(meta.getAttribute("id"), "interleave", "true"));
        clone.appendChild(meta);
        return clone;
    }

    private Element nvpair(String setId, String name, String value) {
        Element nv = doc.createElement("nvpair");
        nv.setAttribute("id", fresh(setId + "-" + StockMapper.idSafe(name)));
        nv.setAttribute("name", name);
        nv.setAttribute("value", value);
        return nv;
    }

    private String fresh(String base) {
        String id = base;
        for (int n = 2; ids.contains(id); n++) {
            id = base + "-" + n;
        }
        ids.add(id);
        return id;
    }

    private Element primitive(String id) {
        NodeList all = section("resources").getElementsByTagName("primitive");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (e.getAttribute("id").equals(id)) {
                return e;
            }
        }
        throw new IllegalStateException("primitive " + id + " is not in the CIB it was mapped from");
    }

    private Element section(String name) {
        NodeList all = doc.getDocumentElement().getElementsByTagName(name);
        if (all.getLength() == 0) {
            if (name.equals("constraints")) {
                Element c = doc.createElement("constraints");
                section("configuration").appendChild(c);
                return c;
            }
            throw new CliException(ExitCode.COMMAND_FAILED, "not a CIB: no <" + name + "> element");
        }
        return (Element) all.item(0);
    }

    private static List<Element> children(Element parent, String name) {
        return CibConfiguration.children(parent, name);
    }

    private static Document parse(String xml) {
        return CibConfiguration.document(xml);
    }

    private String serialise(Element e) {
        try {
            var t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter w = new StringWriter();
            t.transform(new DOMSource(e), new StreamResult(w));
            return w.toString();
        } catch (Exception ex) {
            throw new IllegalStateException("cannot write XML", ex);
        }
    }
}
