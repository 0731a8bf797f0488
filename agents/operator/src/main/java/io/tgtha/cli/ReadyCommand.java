// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import io.tgtha.agent.tgt.OfflineHold;
import java.io.IOException;
import io.tgtha.cli.out.Json;
import io.tgtha.cli.tgt.TargetInfo;
import io.tgtha.cli.tgt.TgtAdmin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.ArrayList;
import java.util.List;

@Command(name = "ready", mixinStandardHelpOptions = true,
        description = "Put drained targets back in service (tgtd state ready): initiators can log in again.")
final class ReadyCommand extends Subcommand {
    /** What --json prints: the field names are an interface. */
    record ReadyReport(List<Readied> targets) {
    }

    record Readied(int tid, String iqn, String previousState, String state) {
    }

    @Mixin
    DrainedTargetOptions targets;

    @Override
    protected ExitCode execute(CliContext ctx) {
        TgtAdmin tgt = targets.tgt();
        List<TargetInfo> chosen = targets.select(tgt.targets());
        List<Readied> done = new ArrayList<>();
        for (TargetInfo t : chosen) {
            tgt.setState(t.tid(), "ready");
            // after ready, never before: the monitor must not see it offline without the note
            try {
                OfflineHold.endOperatorDrain(ctx.lockDir().resolveSibling("offline"), t.iqn());
            } catch (IOException e) {
                ctx.err().println("tgtha: target " + t.iqn() + " is ready, but its drain note stays: " + e.getMessage());
            }
            done.add(new Readied(t.tid(), t.iqn(), t.state(), "ready"));
        }
        if (json()) {
            ctx.out().print(Json.render(new ReadyReport(done)));
        } else {
            for (TargetInfo t : chosen) {
                ctx.out().println("target " + t.tid() + " " + t.iqn() + ": " + t.state() + " -> "
                        + style(ctx).green("ready"));
            }
        }
        ctx.out().flush();
        return ExitCode.OK;
    }
}
