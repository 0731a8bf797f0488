// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.migrate;

import io.tgtha.cli.migrate.MigrationPlan.AccountClone;
import io.tgtha.cli.migrate.MigrationPlan.NotMapped;
import io.tgtha.cli.migrate.MigrationPlan.StockRule;

import java.util.List;

/**
 * The whole printed procedure: numbered steps an operator runs in order, each either on one node or on every
 * node. Nothing in it stops or starts a resource: Pacemaker is in maintenance mode while the agents change, the
 * new agents' probes find what runs, and only then Pacemaker takes over again. Never contains a CHAP secret.
 */
public final class MigrationReport {
    /** Which configuration language(s) to print. */
    public enum Format { CRM, PCS, BOTH }

    private MigrationReport() {
    }

    public static String render(MigrationPlan plan, String source, Format format) {
        StringBuilder b = new StringBuilder();
        b.append("# tgtha migrate: ocf:heartbeat:iSCSITarget/iSCSILogicalUnit/portblock -> ocf:tgtha:target/lun/portblock\n");
        b.append("# CIB read from: ").append(source).append('\n');
        b.append("# Mapped: ").append(plan.mapped().size()).append(" resource(s)");
        long newAccounts = plan.accounts().stream().filter(a -> !a.existing()).count();
        if (newAccounts > 0) {
            b.append(", ").append(newAccounts).append(" new account clone(s)");
        }
        b.append(". Not mapped: ").append(plan.notMapped().size())
                .append(plan.notMapped().isEmpty() ? ".\n" : " (listed at the end; they keep their stock definition).\n");
        b.append("# No password is printed here: CHAP secrets go from the CIB straight into files (step 2).\n");
        if (plan.mapped().isEmpty() && plan.accounts().isEmpty()) {
            b.append("# Nothing to migrate.\n");
            notMapped(b, plan.notMapped());
            return b.toString();
        }
        b.append("# Run the steps in order. Nothing is stopped or started: in maintenance mode Pacemaker leaves the\n");
        b.append("# running targets alone, and the tgt-ha agents adopt them at their first probe (step 7).\n");
        b.append("# The ocf:tgtha agents must be installed on every node first (docs/installation.md).\n\n");

        b.append("## 1. One node: maintenance mode; wait until crm_mon shows no action in progress\n");
        b.append("crm configure property maintenance-mode=true      # pcs: pcs property set maintenance-mode=true\n\n");

        b.append("## 2. Every node: the CHAP secrets, from the CIB into files only root can read (before step 4 removes them)\n");
        List<AccountClone> withFile = plan.accounts().stream().filter(a -> !a.existing()).toList();
        // an existing account's file must hold the secret the stock targets gave tgtd: compared inside the shell
        // ([ is a builtin, so neither secret reaches a command line), never printed
        for (AccountClone a : plan.accounts()) {
            if (a.existing() && a.passwordFile() != null) {
                String file = Quoting.shell(a.passwordFile().toString());
                b.append("[ \"$(crm_resource --resource ").append(a.secretFrom())
                        .append(" --get-parameter incoming_password)\" = \"$(cat ").append(file).append(")\" ] || echo \"")
                        .append(a.passwordFile()).append(": not the secret of ").append(a.secretFrom())
                        .append(" (CHAP user ").append(a.username()).append("): make them equal before step 4\"\n");
            }
        }
        if (withFile.isEmpty()) {
            b.append("# (no new secret file)\n");
        } else {
            b.append("install -d -m 0700 ").append(Quoting.shell(withFile.get(0).passwordFile().getParent().toString()))
                    .append('\n');
            for (AccountClone a : withFile) {
                b.append("(umask 077; crm_resource --resource ").append(a.secretFrom())
                        .append(" --get-parameter incoming_password > ").append(Quoting.shell(a.passwordFile().toString()))
                        .append(")\n");
            }
            b.append("# The CIB's history (/var/lib/pacemaker/cib/cib-*.raw) still holds the old secrets: change them\n");
            b.append("# on the initiators and in these files when that matters (docs/migration.md).\n");
        }
        b.append('\n');

        List<String> portblocks = plan.mapped().stream().filter(m -> m.tgthaType().equals("portblock"))
                .map(m -> m.source().id()).toList();
        b.append("## 3. Every node: the stock portblock's \"started\" marks become tgt-ha's, so the probes find them started\n");
        if (portblocks.isEmpty()) {
            b.append("# (no portblock to adopt)\n");
        } else {
            b.append("for r in ").append(String.join(" ", portblocks)).append("; do\n");
            b.append("    if [ -e /run/resource-agents/$r ]; then mkdir -p /run/tgtha/portblock && echo adopted > /run/tgtha/portblock/$r.active; fi\n");
            b.append("done\n");
        }
        b.append('\n');

        if (format != Format.PCS) {
            b.append("## 4. One node, crmsh: redefine the resources in place (same ids: groups and constraints stay)\n");
            b.append("crm configure load update - <<'EOF'\n").append(CrmshScript.render(plan)).append("EOF\n\n");
        }
        if (format != Format.CRM) {
            b.append("## 4").append(format == Format.BOTH ? " (or, instead of the crmsh step)" : "")
                    .append(". One node, pcs: the same change on a copy of the CIB, pushed at once\n");
            b.append(PcsScript.render(plan)).append('\n');
        }

        b.append("## 5. Every node: remove the rules the stock portblock may have left (tgt-ha only removes its own)\n");
        if (plan.leftoverRules().isEmpty()) {
            b.append("# (none possible)\n");
        }
        for (StockRule r : plan.leftoverRules()) {
            b.append("while ").append(r.check()).append(" 2>/dev/null; do ").append(r.delete()).append("; done   # ")
                    .append(r.resource()).append('\n');
        }
        b.append('\n');

        b.append("## 6. One node: check, then let the new agents probe what runs\n");
        b.append("crm_verify --live-check\n");
        b.append("crm_resource --refresh\n\n");
        b.append("## 7. One node: every migrated resource must show as started where it ran, with no failed action;\n");
        b.append("##    otherwise stay in maintenance mode and see docs/migration.md (\"A probe says not running\")\n");
        b.append("crm_mon --one-shot --inactive\n");
        b.append("crm configure property maintenance-mode=false     # pcs: pcs property set maintenance-mode=false\n");
        notMapped(b, plan.notMapped());
        return b.toString();
    }

    private static void notMapped(StringBuilder b, List<NotMapped> notMapped) {
        if (notMapped.isEmpty()) {
            return;
        }
        b.append("\n## Not mapped: these keep their current definition\n");
        for (NotMapped n : notMapped) {
            b.append("# ").append(n.id()).append(": ").append(n.reason()).append('\n');
        }
    }
}
