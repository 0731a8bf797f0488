// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.migrate;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One primitive of the CIB as far as a migration needs it.
 *
 * @param group        the group it is a member of, or null
 * @param cloneId      the clone (or promotable clone) holding it or its group, or null
 * @param ruleBasedAttributes true when its instance attributes come in several sets or under rules:
 *                     which value applies then depends on the node or the time, not on the CIB text
 */
public record CibPrimitive(String id, String agentClass, String provider, String type,
                           Map<String, String> params, Map<String, String> meta, List<CibOp> ops,
                           String group, String cloneId, boolean ruleBasedAttributes) {

    public boolean is(String cls, String prov, String typ) {
        return agentClass.equals(cls) && prov.equals(provider) && type.equals(typ);
    }

    /**
     * True for an OCF resource of this type under one of the providers: the one test of "a stock resource"
     * (given the stock providers, heartbeat and any patched copies a site installed) the migration uses.
     */
    public boolean isOcf(String typ, Set<String> providers) {
        return agentClass.equals("ocf") && type.equals(typ) && providers.contains(provider);
    }

    public String agent() {
        return agentClass + (provider.isEmpty() ? "" : ":" + provider) + ":" + type;
    }

    /** What constraints of the migration attach to: the group when it has one, else itself. */
    public String container() {
        return group != null ? group : id;
    }
}
