// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import io.tgtha.ocf.exec.CommandRunner;
import picocli.CommandLine.Option;

/** Where the network tools (ss, iptables) run: the subcommands that look at or reset TCP connections. */
final class NetnsOption {
    @Option(names = "--netns", paramLabel = "NAME",
            description = "Run ss and iptables inside this network namespace (for a tgtd that runs in one).")
    String netns;

    CommandRunner runner(CliContext ctx) {
        return netns == null ? ctx.runner() : new NetnsCommandRunner(ctx.runner(), netns);
    }
}
