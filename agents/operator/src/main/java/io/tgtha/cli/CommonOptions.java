package io.tgtha.cli;

import io.tgtha.cli.out.Style;
import io.tgtha.cli.tgt.TgtAdmin;
import io.tgtha.cli.tgt.TgtClientAdmin;
import io.tgtha.tgt.TgtClient;
import io.tgtha.ocf.exec.CommandRunner;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Options every subcommand has: output format, which tgtd, and where to run (--host). */
public final class CommonOptions {
    @Option(names = "--json", description = "Machine-readable JSON on stdout (no colour, progress stays on stderr).")
    boolean json;

    @Option(names = "--no-color", description = "No ANSI colour even at a terminal (NO_COLOR=1 works too).")
    boolean noColor;

    @Option(names = {"-C", "--control-port"}, paramLabel = "N",
            description = "tgtd control port (tgtd --control-port N, socket /var/run/tgtd/socket.N); default: tgtd's default.")
    Integer controlPort;

    @Option(names = "--netns", paramLabel = "NAME",
            description = "Run ss and iptables inside this network namespace (for a tgtd that runs in one).")
    String netns;

    @Option(names = "--host", paramLabel = "NODE",
            description = "Run this subcommand on NODE over SSH (key authentication, known_hosts checked) and relay its output and exit code.")
    String host;

    @Option(names = "--ssh-user", paramLabel = "USER", description = "SSH user for --host (default: root).")
    String sshUser = "root";

    @Option(names = "--ssh-port", paramLabel = "PORT", description = "SSH port for --host (default: ${DEFAULT-VALUE}).")
    int sshPort = 22;

    @Option(names = "--identity", paramLabel = "FILE",
            description = "Private key for --host (repeatable; default: ~/.ssh/id_ed25519, id_ecdsa, id_rsa).")
    List<Path> identities = new ArrayList<>();

    @Option(names = "--known-hosts", paramLabel = "FILE",
            description = "known_hosts file for --host (default: ~/.ssh/known_hosts). Unknown or changed host keys are refused.")
    Path knownHosts;

    @Option(names = "--ssh-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Connect timeout for --host (default: 10s).")
    Duration sshTimeout = Duration.ofSeconds(10);

    @Option(names = "--remote-command", paramLabel = "CMD",
            description = "The tgtha command on the remote node (default: ${DEFAULT-VALUE}).")
    String remoteCommand = "tgtha";

    /** Options that only steer the SSH hop; stripped from the command line sent to the remote node. */
    static final List<String> SSH_ONLY_OPTIONS = List.of("--host", "--ssh-user", "--ssh-port", "--identity",
            "--known-hosts", "--ssh-timeout", "--remote-command");

    public boolean json() {
        return json;
    }

    public String host() {
        return host;
    }

    CommandRunner runner(CliContext ctx) {
        return netns == null ? ctx.runner() : new NetnsCommandRunner(ctx.runner(), netns);
    }

    @Option(names = "--use-tgtadm", hidden = true,
            description = "Talk to tgtd through the tgtadm tool instead of its management socket (fallback).")
    boolean useTgtadm;

    TgtAdmin tgt(CliContext ctx) {
        int port = controlPort == null ? 0 : controlPort;
        if (useTgtadm) {
            // the same client and parser, only the transport differs: tgtadm resolved on PATH
            return new TgtClientAdmin(TgtClient.builder().controlPort(port).timeout(Duration.ofSeconds(10))
                    .viaTgtadm(Path.of("tgtadm")).build());
        }
        return new TgtClientAdmin(TgtClient.forControlPort(port, Duration.ofSeconds(10)));
    }

    Style style(CliContext ctx) {
        return Style.decide(ctx.terminal(), json, noColor, ctx.env());
    }
}
