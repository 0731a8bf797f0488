// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.net;

import io.tgtha.ocf.Deadline;

import java.util.List;

/**
 * Resets (RST) TCP connections at once, the way the portblock agent does on unblock: a REJECT
 * --reject-with tcp-reset rule on OUTPUT for whatever tgtd still sends, plus SOCK_DESTROY
 * ({@code ss -K}) for sockets that are not sending at all (retransmit back-off, idle). Every
 * packet-filter change holds the PACKET_FILTER mutex.
 */
public interface ConnectionReset {
    /** Puts the reject rule in place and destroys matching sockets; returns the sockets destroyed. */
    List<TcpSocket> reset(ResetScope scope, Deadline deadline);

    /** Destroys matching sockets again (the rule stays); returns the sockets destroyed. */
    List<TcpSocket> destroyRemaining(ResetScope scope, Deadline deadline);

    /** Removes the reject rule; idempotent. */
    void lift(ResetScope scope, Deadline deadline);
}
