// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.packetfilter;

/** One TCP socket as ss(8) shows it: local and peer endpoint ({@code ip:port}, IPv6 in brackets) and queues. */
public record TcpConnection(String local, String peer, long recvQ, long sendQ) {
}
