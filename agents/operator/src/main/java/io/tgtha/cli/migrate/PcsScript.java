// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.migrate;

import io.tgtha.cli.migrate.MigrationPlan.AccountClone;
import io.tgtha.cli.migrate.MigrationPlan.Mapped;
import io.tgtha.cli.migrate.MigrationPlan.Order;

/**
 * The migration as pcs commands on a copy of the CIB, pushed at once. pcs cannot change a resource's agent,
 * so the copy's primitives get their new class/provider/type from cibadmin (same id: group membership and
 * constraints stay), stock-only parameters go with crm_resource (pcs refuses to name parameters the new agent
 * does not have), and pcs sets the rest, checking them against the tgt-ha meta-data.
 */
final class PcsScript {
    static final String CIB = "\"$CIB\"";

    private PcsScript() {
    }

    static String render(MigrationPlan plan) {
        StringBuilder b = new StringBuilder();
        b.append("CIB=$(mktemp /tmp/tgtha-migrate.XXXXXX)\n");
        b.append("pcs cluster cib ").append(CIB).append('\n');
        for (Mapped m : plan.mapped()) {
            String id = m.source().id();
            for (String note : m.notes()) {
                b.append("# ").append(id).append(": ").append(note).append('\n');
            }
            b.append("CIB_file=").append(CIB).append(" cibadmin --modify --scope resources --xml-text ")
                    .append(Quoting.shell("<primitive id=\"" + id + "\" class=\"ocf\" provider=\"tgtha\" type=\""
                            + m.tgthaType() + "\"/>"))
                    .append('\n');
            for (String gone : m.removed()) {
                b.append("CIB_file=").append(CIB).append(" crm_resource --resource ").append(id)
                        .append(" --delete-parameter ").append(gone).append('\n');
            }
            if (!m.changed().isEmpty()) {
                b.append("pcs -f ").append(CIB).append(" resource update ").append(id);
                m.changed().forEach((k, v) -> b.append(' ').append(k).append('=').append(Quoting.shell(v)));
                b.append('\n');
            }
        }
        for (AccountClone a : plan.accounts()) {
            if (!a.existing()) {
                b.append("pcs -f ").append(CIB).append(" resource create ").append(a.primitiveId())
                        .append(" ocf:tgtha:account username=").append(Quoting.shell(a.username()))
                        .append(" password_file=").append(Quoting.shell(a.passwordFile().toString()))
                        .append(" direction=incoming op monitor interval=30s timeout=20s clone ").append(a.cloneId())
                        .append(" interleave=true\n");
            }
        }
        for (Order o : plan.orders()) {
            b.append("pcs -f ").append(CIB).append(" constraint order start ").append(o.first()).append(" then start ")
                    .append(o.then()).append(" id=").append(o.id()).append('\n');
        }
        b.append("pcs cluster cib-push ").append(CIB).append(" --config && rm -f ").append(CIB).append('\n');
        return b.toString();
    }
}
