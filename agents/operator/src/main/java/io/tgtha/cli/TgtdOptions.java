// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import io.tgtha.cli.tgt.TgtAdmin;
import io.tgtha.cli.tgt.TgtClientAdmin;
import io.tgtha.tgt.TgtClient;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;

/** Which tgtd to talk to: the options of the subcommands that read or change tgtd's targets. */
final class TgtdOptions {
    @Option(names = {"-C", "--control-port"}, paramLabel = "N", converter = PortConverter.TgtdControl.class,
            description = "tgtd control port (tgtd --control-port N, socket /var/run/tgtd/socket.N); default: tgtd's default.")
    Integer controlPort;

    @Option(names = "--use-tgtadm", hidden = true,
            description = "Talk to tgtd through the tgtadm tool instead of its management socket (fallback).")
    boolean useTgtadm;

    Integer controlPort() {
        return controlPort;
    }

    TgtAdmin tgt() {
        int port = controlPort == null ? 0 : controlPort;
        if (useTgtadm) {
            // the same client and parser, only the transport differs: tgtadm resolved on PATH
            return new TgtClientAdmin(TgtClient.builder().controlPort(port).timeout(Duration.ofSeconds(10))
                    .viaTgtadm(Path.of("tgtadm")).build());
        }
        return new TgtClientAdmin(TgtClient.forControlPort(port, Duration.ofSeconds(10)));
    }
}
