// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import io.tgtha.cli.tgt.TargetInfo;

import java.util.List;

/** Picks targets by IQN or tid ("1"), or all of them. */
final class TargetSelector {
    private TargetSelector() {
    }

    static List<TargetInfo> select(List<TargetInfo> targets, String name, boolean all) {
        if (all) {
            return targets;
        }
        if (name == null) {
            throw new CliException(ExitCode.USAGE, "name a TARGET (IQN or tid) or use --all");
        }
        for (TargetInfo t : targets) {
            if (t.iqn().equals(name) || Integer.toString(t.tid()).equals(name)) {
                return List.of(t);
            }
        }
        throw new CliException(ExitCode.NOT_FOUND, "no target '" + name + "' in tgtd (targets: "
                + (targets.isEmpty() ? "none" : String.join(", ", targets.stream().map(TargetInfo::iqn).toList())) + ")");
    }
}
