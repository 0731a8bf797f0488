// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.migrate;

import io.tgtha.cli.migrate.MigrationPlan.AccountClone;
import io.tgtha.cli.migrate.MigrationPlan.Mapped;
import io.tgtha.cli.migrate.MigrationPlan.Order;

import java.util.Map;
import java.util.StringJoiner;

/**
 * The migration as crmsh configuration for {@code crm configure load update}: each stock primitive redefined
 * under its own id (crmsh then replaces it in place, in its group, and leaves every constraint naming it alone),
 * the account clones and their orders added.
 */
final class CrmshScript {
    private CrmshScript() {
    }

    static String render(MigrationPlan plan) {
        StringBuilder b = new StringBuilder();
        for (AccountClone a : plan.accounts()) {
            if (a.existing()) {
                b.append("# CHAP user ").append(a.username()).append(": the existing ").append(a.primitiveId())
                        .append(" serves ").append(String.join(", ", a.targets())).append('\n');
                continue;
            }
            b.append("# CHAP user ").append(a.username()).append(", created by ").append(String.join(", ", a.targets()))
                    .append(" until now: one account on every node, never deleted under a bound target\n");
            b.append("primitive ").append(a.primitiveId()).append(" ocf:tgtha:account params username=")
                    .append(Quoting.crm(a.username())).append(" password_file=")
                    .append(Quoting.crm(a.passwordFile().toString()))
                    .append(" direction=incoming \\\n    op monitor interval=30s timeout=20s\n");
            b.append("clone ").append(a.cloneId()).append(' ').append(a.primitiveId()).append(" meta interleave=true\n");
        }
        for (Mapped m : plan.mapped()) {
            for (String note : m.notes()) {
                b.append("# ").append(m.source().id()).append(": ").append(note).append('\n');
            }
            b.append("primitive ").append(m.source().id()).append(" ocf:tgtha:").append(m.tgthaType());
            if (!m.params().isEmpty()) {
                b.append(" \\\n    params ").append(pairs(m.params()));
            }
            m.source().ops().forEach(op -> b.append(" \\\n    op ").append(op.name())
                    .append(op.attributes().isEmpty() ? "" : " " + pairs(op.attributes())));
            if (!m.source().meta().isEmpty()) {
                b.append(" \\\n    meta ").append(pairs(m.source().meta()));
            }
            b.append('\n');
        }
        for (Order o : plan.orders()) {
            b.append("order ").append(o.id()).append(" Mandatory: ").append(o.first()).append(' ').append(o.then())
                    .append('\n');
        }
        return b.toString();
    }

    private static String pairs(Map<String, String> values) {
        StringJoiner j = new StringJoiner(" ");
        values.forEach((k, v) -> j.add(k + "=" + Quoting.crm(v)));
        return j.toString();
    }
}
