// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.tgt;

/** An account bound to a target: its user name only, and whether it is the outgoing (mutual CHAP) one. */
public record AccountBinding(String user, boolean outgoing) {
}
