// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.migrate;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What {@code tgtha migrate} found and decided; the renderers turn it into crmsh, pcs and shell. */
public record MigrationPlan(List<Mapped> mapped, List<AccountClone> accounts, List<Order> orders,
                            List<StockRule> leftoverRules, List<NotMapped> notMapped) {

    /**
     * A stock primitive redefined in place with a tgt-ha agent: same id, so its group membership and every
     * constraint naming it stay as they are.
     *
     * @param params  the full parameter set of the new definition, in the stock order, new ones last
     * @param removed stock parameters the new definition drops
     * @param notes   why something changed, printed as comments above the definition
     */
    public record Mapped(CibPrimitive source, String tgthaType, Map<String, String> params, List<String> removed,
                         List<String> notes) {
        /** Parameters whose value is new or differs from the stock definition's. */
        public Map<String, String> changed() {
            Map<String, String> out = new java.util.LinkedHashMap<>();
            params.forEach((k, v) -> {
                if (!v.equals(source.params().get(k))) {
                    out.put(k, v);
                }
            });
            return out;
        }
    }

    /**
     * One {@code ocf:tgtha:account} clone for a CHAP user the stock targets created themselves.
     *
     * @param secretFrom   a stock target whose incoming_password is the secret (all of them agree)
     * @param existing     true when the CIB already has a tgt-ha account for this user: nothing is created
     */
    public record AccountClone(String primitiveId, String cloneId, String username, Path passwordFile,
                               String secretFrom, List<String> targets, boolean existing) {
    }

    /** A Mandatory start order the migration adds. */
    public record Order(String id, String first, String then) {
    }

    /** A rule the stock portblock may have left on a node, which tgt-ha never removes (it carries no tgt-ha mark). */
    public record StockRule(String resource, String chain, String ruleSpec) {
        public String check() {
            return "iptables -w -C " + chain + " " + ruleSpec;
        }

        public String delete() {
            return "iptables -w -D " + chain + " " + ruleSpec;
        }
    }

    /** A resource left as it is, and why. */
    public record NotMapped(String id, String reason) {
    }
}
