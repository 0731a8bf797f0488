// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.status;

/**
 * Something on this node that does not break a target now but makes the next failover slower or leaves initiators
 * blocked: printed on stderr in the text view, the {@code warnings} array in {@code --json}.
 *
 * @param code stable, for scripts: {@value #PACEMAKER_THROTTLE} or {@value #STOCK_PORTBLOCK_RULES}
 */
public record StatusWarning(String code, String message) {
    public static final String PACEMAKER_THROTTLE = "pacemaker-load-throttle";
    public static final String STOCK_PORTBLOCK_RULES = "stock-portblock-rules";
}
