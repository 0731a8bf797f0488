package io.tgtha.cli;

import io.tgtha.agent.iscsitarget.OfflineHold;
import java.io.IOException;
import io.tgtha.cli.out.Json;
import io.tgtha.cli.tgt.TargetInfo;
import io.tgtha.cli.tgt.TgtAdmin;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Command(name = "ready", mixinStandardHelpOptions = true,
        description = "Put drained targets back in service (tgtd state ready): initiators can log in again.")
final class ReadyCommand extends Subcommand {
    @Mixin
    TgtdOptions tgtd;

    /** Accepted so that a drain's command line works for its ready; ready itself runs no network tool. */
    @Mixin
    NetnsOption netns;

    @ArgGroup(exclusive = true, multiplicity = "1")
    TargetChoice which;

    @Override
    protected ExitCode execute(CliContext ctx) {
        TgtAdmin tgt = tgtd.tgt();
        List<TargetInfo> chosen = which.select(tgt.targets());
        List<Object> done = new ArrayList<>();
        for (TargetInfo t : chosen) {
            tgt.setState(t.tid(), "ready");
            // after ready, never before: the monitor must not see it offline without the note
            try {
                OfflineHold.endOperatorDrain(ctx.lockDir().resolveSibling("offline"), t.iqn());
            } catch (IOException e) {
                ctx.err().println("tgtha: target " + t.iqn() + " is ready, but its drain note stays: " + e.getMessage());
            }
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("tid", t.tid());
            j.put("iqn", t.iqn());
            j.put("previousState", t.state());
            j.put("state", "ready");
            done.add(j);
        }
        if (json()) {
            ctx.out().print(Json.render(Map.of("targets", done)));
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
