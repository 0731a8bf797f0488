// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import io.tgtha.cli.tgt.TargetInfo;
import io.tgtha.cli.tgt.TgtAdmin;
import io.tgtha.ocf.exec.CommandRunner;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;

import java.util.List;

/** The options drain and ready share, declared once so that a drain's command line works for its ready. */
final class DrainedTargetOptions {
    @Mixin
    TgtdOptions tgtd;

    /** Ready runs no network tool; it takes --netns so that the drain's command line works unchanged. */
    @Mixin
    NetnsOption netns;

    @ArgGroup(exclusive = true, multiplicity = "1")
    TargetChoice which;

    TgtAdmin tgt() {
        return tgtd.tgt();
    }

    CommandRunner runner(CliContext ctx) {
        return netns.runner(ctx);
    }

    List<TargetInfo> select(List<TargetInfo> targets) {
        return which.select(targets);
    }
}
