// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.net;

import java.time.Duration;

/**
 * A socket after sampling: how long its non-empty Send-Q has not drained (ZERO when Send-Q is empty or
 * data is being acknowledged), and whether that passed the stuck threshold.
 */
public record ConnectionHealth(TcpSocket socket, Duration notDrainingFor, boolean stuck) {
}
