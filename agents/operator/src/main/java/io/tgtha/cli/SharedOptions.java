// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import io.tgtha.cli.out.Style;
import io.tgtha.cli.ssh.SshEndpoint;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Options of every subcommand, accepted before or after its name ({@code tgtha --host n1 status} is
 * {@code tgtha status --host n1}): picocli's inherited scope keeps them on the top-level command, where
 * every subcommand reads them.
 */
public final class SharedOptions {
    @Option(names = "--json", scope = ScopeType.INHERIT,
            description = "Machine-readable JSON on stdout, errors included (no colour, progress stays on stderr).")
    boolean json;

    @Option(names = "--no-color", scope = ScopeType.INHERIT,
            description = "No ANSI colour even at a terminal (NO_COLOR=1 works too).")
    boolean noColor;

    @Option(names = "--host", paramLabel = "NODE", scope = ScopeType.INHERIT,
            description = "Run the subcommand on NODE over SSH (key authentication, known_hosts checked) and relay its output and exit code.")
    String host;

    @Option(names = "--ssh-user", paramLabel = "USER", scope = ScopeType.INHERIT,
            description = "SSH user for --host (default: root).")
    String sshUser = "root";

    @Option(names = "--ssh-port", paramLabel = "PORT", scope = ScopeType.INHERIT, converter = PortConverter.Tcp.class,
            description = "SSH port for --host (default: ${DEFAULT-VALUE}).")
    int sshPort = 22;

    @Option(names = "--identity", paramLabel = "FILE", scope = ScopeType.INHERIT, converter = PathConverter.class,
            description = "Private key for --host (repeatable; default: ~/.ssh/id_ed25519, id_ecdsa, id_rsa).")
    List<Path> identities = new ArrayList<>();

    @Option(names = "--known-hosts", paramLabel = "FILE", scope = ScopeType.INHERIT, converter = PathConverter.class,
            description = "known_hosts file for --host (default: ~/.ssh/known_hosts). Unknown or changed host keys are refused.")
    Path knownHosts;

    @Option(names = "--ssh-timeout", paramLabel = "DURATION", scope = ScopeType.INHERIT, converter = DurationConverter.class,
            description = "For --host: connect timeout, and how long a silent server is tolerated before the run is abandoned (default: 10s).")
    Duration sshTimeout = Duration.ofSeconds(10);

    @Option(names = "--remote-command", paramLabel = "CMD", scope = ScopeType.INHERIT,
            description = "The tgtha command on the remote node (default: ${DEFAULT-VALUE}).")
    String remoteCommand = "tgtha";

    /** Options that only steer the SSH hop: stripped from the command line sent to the remote node. */
    static final List<String> SSH_ONLY_OPTIONS = List.of("--host", "--ssh-user", "--ssh-port", "--identity",
            "--known-hosts", "--ssh-timeout", "--remote-command");

    public boolean json() {
        return json;
    }

    public String host() {
        return host;
    }

    Style style(CliContext ctx) {
        return Style.decide(ctx.terminal(), json, noColor, ctx.env());
    }

    SshEndpoint endpoint(CliContext ctx) {
        String home = ctx.env().getOrDefault("HOME", System.getProperty("user.home"));
        List<Path> ids = new ArrayList<>(identities);
        if (ids.isEmpty()) {
            for (String name : List.of("id_ed25519", "id_ecdsa", "id_rsa")) {
                Path p = Path.of(home, ".ssh", name);
                if (Files.isReadable(p)) {
                    ids.add(p);
                }
            }
        }
        Path known = knownHosts != null ? knownHosts : Path.of(home, ".ssh", "known_hosts");
        return new SshEndpoint(host, sshPort, sshUser, ids, known, sshTimeout);
    }
}
