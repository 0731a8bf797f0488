package io.tgtha.cli;

import io.tgtha.cli.ssh.RemoteCommandLine;
import io.tgtha.cli.ssh.SshEndpoint;
import io.tgtha.cli.ssh.SshRunner;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Common run logic: either run here, or hand the same command line to tgtha on --host over SSH. */
abstract class Subcommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @ParentCommand
    TgtHa parent;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        CliContext ctx = parent.context();
        if (common.host != null) {
            return runRemote(ctx);
        }
        return execute(ctx).code();
    }

    protected abstract ExitCode execute(CliContext ctx);

    private int runRemote(CliContext ctx) {
        List<String> original = spec.root().commandLine().getParseResult().originalArgs();
        List<String> args = RemoteCommandLine.strip(original, CommonOptions.SSH_ONLY_OPTIONS);
        String home = ctx.env().getOrDefault("HOME", System.getProperty("user.home"));
        List<Path> ids = new ArrayList<>(common.identities);
        if (ids.isEmpty()) {
            for (String name : List.of("id_ed25519", "id_ecdsa", "id_rsa")) {
                Path p = Path.of(home, ".ssh", name);
                if (Files.isReadable(p)) {
                    ids.add(p);
                }
            }
        }
        Path knownHosts = common.knownHosts != null ? common.knownHosts : Path.of(home, ".ssh", "known_hosts");
        SshEndpoint endpoint = new SshEndpoint(common.host, common.sshPort, common.sshUser, ids, knownHosts,
                common.sshTimeout);
        return new SshRunner().run(endpoint, RemoteCommandLine.render(common.remoteCommand, args), ctx.out(), ctx.err());
    }
}
