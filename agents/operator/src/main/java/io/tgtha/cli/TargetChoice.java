// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import io.tgtha.cli.tgt.TargetInfo;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** The "TARGET | --all" choice of the subcommands that act on tgtd's targets (drain, ready). */
final class TargetChoice {
    @Parameters(arity = "1", paramLabel = "TARGET", description = "IQN or tid.")
    String target;
    @Option(names = "--all", required = true, description = "Every target of this tgtd.")
    boolean all;

    List<TargetInfo> select(List<TargetInfo> targets) {
        return TargetSelector.select(targets, target, all);
    }
}
