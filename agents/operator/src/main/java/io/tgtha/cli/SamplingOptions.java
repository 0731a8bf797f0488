// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import picocli.CommandLine.Option;

import java.time.Duration;

/** How status and metrics watch the portal's connections for a Send-Q that does not drain. */
final class SamplingOptions {
    @Option(names = "--sample", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Watch connections this long to see whether Send-Q drains (default: 1s; 0 = one look).")
    Duration sample = Duration.ofSeconds(1);

    @Option(names = "--stuck-after", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "A non-empty Send-Q not drained for this long is flagged stuck (default: 1s).")
    Duration stuckAfter = Duration.ofSeconds(1);

    @Option(names = "--port", paramLabel = "PORT", converter = PortConverter.Tcp.class, description = "iSCSI portal TCP port (default: ${DEFAULT-VALUE}).")
    int port = 3260;
}
