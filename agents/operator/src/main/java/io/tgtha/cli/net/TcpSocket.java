// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.net;

import java.util.Map;

/**
 * One TCP socket as {@code ss -tnie} reports it.
 *
 * @param state     ss's state name (ESTAB, FIN-WAIT-1, ...); ESTAB when ss was asked for one state only
 * @param info      the {@code -i} key:value fields (bytes_acked, lastack, backoff, unacked, ...), as text
 */
public record TcpSocket(String state, long recvQ, long sendQ, Endpoint local, Endpoint peer, Long inode,
                        Map<String, String> info) {
    public TcpSocket {
        info = Map.copyOf(info);
    }

    /** Bytes the peer has acknowledged so far; null when ss did not say (older ss, or no -i). */
    public Long bytesAcked() {
        return longInfo("bytes_acked");
    }

    /** Milliseconds since the last ACK arrived; ss omits the field when it is 0. */
    public long lastAckMs() {
        Long v = longInfo("lastack");
        return v == null ? 0 : v;
    }

    /** Exponential back-off count of the retransmit timer: above 0 means the peer stopped answering. */
    public int backoff() {
        Long v = longInfo("backoff");
        return v == null ? 0 : v.intValue();
    }

    /** The 4-tuple, stable for the socket's life: used to follow one socket across samples. */
    public String key() {
        return local.render() + "->" + peer.render();
    }

    private Long longInfo(String key) {
        String v = info.get(key);
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
