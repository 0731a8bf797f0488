// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.launcher;

/**
 * Tells install.sh what this jar contains, one item per line: {@code agent NAME} for every agent
 * present and {@code command tgtha} when the operator command is in the jar.
 */
public final class Inventory {
    private Inventory() {
    }

    public static void main(String[] args) {
        StringBuilder out = new StringBuilder();
        for (String name : AgentCatalog.TGTHA.presentNames()) {
            out.append("agent ").append(name).append('\n');
        }
        if (AgentCatalog.classPresent(AgentCatalog.OPERATOR_COMMAND_CLASS)) {
            out.append("command tgtha\n");
        }
        System.out.print(out);
        System.out.flush();
    }
}
