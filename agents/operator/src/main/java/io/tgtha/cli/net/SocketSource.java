// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.net;

import java.util.List;

/** Where TCP sockets come from: {@code ss} on the real system, a list in unit tests. */
@FunctionalInterface
public interface SocketSource {
    List<TcpSocket> sockets();
}
