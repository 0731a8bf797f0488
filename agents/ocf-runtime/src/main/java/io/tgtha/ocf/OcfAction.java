// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf;

import java.util.Optional;

/** The actions an agent is called with as argv[1]. */
public enum OcfAction {
    START("start"),
    STOP("stop"),
    MONITOR("monitor"),
    /** Old alias of monitor, still sent by some tools. */
    STATUS("status"),
    META_DATA("meta-data"),
    VALIDATE_ALL("validate-all"),
    USAGE("usage"),
    /** OCF 1.1: reload only the agent's reloadable parameters, without a restart. */
    RELOAD_AGENT("reload-agent");

    private final String wireName;

    OcfAction(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<OcfAction> fromWireName(String name) {
        for (OcfAction action : values()) {
            if (action.wireName.equals(name)) {
                return Optional.of(action);
            }
        }
        return Optional.empty();
    }
}
