// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import io.tgtha.cli.out.Style;
import io.tgtha.cli.ssh.RemoteCommandLine;
import io.tgtha.cli.ssh.SshRunner;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

/** Common run logic: either run here, or hand the same command line to tgtha on --host over SSH. */
abstract class Subcommand implements Callable<Integer> {
    @ParentCommand
    TgtHa parent;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        CliContext ctx = parent.context();
        if (shared().host() != null) {
            return runRemote(ctx);
        }
        return execute(ctx).code();
    }

    protected abstract ExitCode execute(CliContext ctx);

    SharedOptions shared() {
        return parent.shared;
    }

    boolean json() {
        return shared().json();
    }

    Style style(CliContext ctx) {
        return shared().style(ctx);
    }

    private int runRemote(CliContext ctx) {
        List<String> original = spec.root().commandLine().getParseResult().originalArgs();
        List<String> args = RemoteCommandLine.strip(original, SharedOptions.SSH_ONLY_OPTIONS);
        return new SshRunner().run(shared().endpoint(ctx), RemoteCommandLine.render(shared().remoteCommand, args),
                ctx.out(), ctx.err());
    }
}
