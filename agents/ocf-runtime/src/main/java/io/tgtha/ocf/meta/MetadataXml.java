// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.meta;

import io.tgtha.ocf.param.ParameterSpec;

import java.time.Duration;

/**
 * Renders meta-data in the OCF 1.0 format, which ocf-tester validates against ra-api-1.dtd.
 * OCF 1.1 additions (reloadable, deprecated elements, reload-agent) would fail that DTD, so they
 * are mentioned in the descriptions instead.
 */
final class MetadataXml {
    private MetadataXml() {
    }

    static String render(AgentMetadata m) {
        StringBuilder x = new StringBuilder(4096);
        x.append("<?xml version=\"1.0\"?>\n");
        x.append("<!DOCTYPE resource-agent SYSTEM \"ra-api-1.dtd\">\n");
        x.append("<resource-agent name=\"").append(attr(m.name())).append("\" version=\"")
                .append(attr(m.version())).append("\">\n");
        x.append("<version>1.0</version>\n\n");
        x.append("<longdesc lang=\"en\">\n").append(text(m.longdesc())).append("\n</longdesc>\n");
        x.append("<shortdesc lang=\"en\">").append(text(m.shortdesc())).append("</shortdesc>\n\n");
        x.append("<parameters>\n");
        for (ParameterSpec p : m.parameters()) {
            x.append("<parameter name=\"").append(attr(p.name())).append("\" unique=\"")
                    .append(p.unique() ? 1 : 0).append("\" required=\"").append(p.required() ? 1 : 0).append("\">\n");
            String longdesc = p.longdesc();
            if (!p.deprecatedNames().isEmpty()) {
                longdesc += "\n(Replaces the deprecated name(s): " + String.join(", ", p.deprecatedNames()) + ".)";
            }
            if (p.reloadable()) {
                longdesc += "\n(Reloadable: a change takes effect through reload-agent without a restart.)";
            }
            x.append("<longdesc lang=\"en\">\n").append(text(longdesc)).append("\n</longdesc>\n");
            x.append("<shortdesc lang=\"en\">").append(text(p.shortdesc())).append("</shortdesc>\n");
            x.append("<content type=\"").append(p.type().xmlName()).append('"');
            p.defaultValue().ifPresent(d -> x.append(" default=\"").append(attr(d)).append('"'));
            x.append(" />\n</parameter>\n\n");
        }
        x.append("</parameters>\n\n<actions>\n");
        for (ActionSpec a : m.actions()) {
            x.append("<action name=\"").append(attr(a.name())).append("\" timeout=\"").append(seconds(a.timeout()))
                    .append('"');
            a.interval().ifPresent(i -> x.append(" interval=\"").append(seconds(i)).append('"'));
            a.depth().ifPresent(d -> x.append(" depth=\"").append(d).append('"'));
            x.append(" />\n");
        }
        x.append("</actions>\n</resource-agent>\n");
        return x.toString();
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private static String text(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String attr(String s) {
        return text(s).replace("\"", "&quot;");
    }
}
