package io.tgtha.cli.net;

import io.tgtha.cli.CliException;
import io.tgtha.cli.ExitCode;
import io.tgtha.ocf.Deadline;
import io.tgtha.ocf.exec.Command;
import io.tgtha.ocf.exec.CommandException;
import io.tgtha.ocf.exec.CommandFailedException;
import io.tgtha.ocf.exec.CommandNotFoundException;
import io.tgtha.ocf.exec.CommandRunner;
import io.tgtha.ocf.lock.FileMutex;
import io.tgtha.ocf.lock.MutexTimeoutException;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link ConnectionReset} with iptables/ip6tables and {@code ss -K}. The operator's own
 * implementation until the portblock module's reusable one is wired in; same rule shape, same mutex.
 */
public final class RejectAndDestroyReset implements ConnectionReset {
    /** Marks our rules so they can be found (and removed) without touching anyone else's. */
    public static final String RULE_COMMENT = "tgtha-drain";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final CommandRunner runner;
    private final Path lockDir;
    private final SocketSource sockets;

    public RejectAndDestroyReset(CommandRunner runner, Path lockDir, SocketSource sockets) {
        this.runner = runner;
        this.lockDir = lockDir;
        this.sockets = sockets;
    }

    @Override
    public List<TcpSocket> reset(ResetScope scope, Deadline deadline) {
        try (FileMutex.Held held = lock(deadline, "tgtha drain: reset")) {
            for (String peer : scope.peerAddresses()) {
                for (List<String> spec : ruleSpecs(scope, peer)) {
                    if (!ruleExists(peer, spec)) {
                        iptables(peer, "-I", spec);
                    }
                }
            }
            return destroy(scope);
        }
    }

    @Override
    public List<TcpSocket> destroyRemaining(ResetScope scope, Deadline deadline) {
        try (FileMutex.Held held = lock(deadline, "tgtha drain: destroy remaining")) {
            return destroy(scope);
        }
    }

    @Override
    public void lift(ResetScope scope, Deadline deadline) {
        try (FileMutex.Held held = lock(deadline, "tgtha drain: lift")) {
            for (String peer : scope.peerAddresses()) {
                for (List<String> spec : ruleSpecs(scope, peer)) {
                    // a rule inserted twice by a crashed earlier run is removed too
                    for (int i = 0; i < 10 && ruleExists(peer, spec); i++) {
                        iptables(peer, "-D", spec);
                    }
                }
            }
        }
    }

    private List<TcpSocket> destroy(ResetScope scope) {
        List<TcpSocket> before = new ArrayList<>();
        for (TcpSocket s : sockets.sockets()) {
            if (scope.matches(s)) {
                before.add(s);
            }
        }
        if (before.isEmpty()) {
            return before;
        }
        run(Command.of(TIMEOUT, "ss", "-K", "-tn", scope.ssFilter()), "ss");
        return before;
    }

    /** One rule per peer, or per (peer, portal) when the scope names portals of the peer's family. */
    static List<List<String>> ruleSpecs(ResetScope scope, String peer) {
        boolean v6 = peer.indexOf(':') >= 0;
        List<String> locals = scope.localAddresses().stream().filter(a -> (a.indexOf(':') >= 0) == v6).toList();
        List<List<String>> specs = new ArrayList<>();
        for (String local : locals.isEmpty() ? java.util.Collections.<String>singletonList(null) : locals) {
            List<String> spec = new ArrayList<>(List.of("OUTPUT", "-p", "tcp", "--sport",
                    Integer.toString(scope.port()), "-d", peer));
            if (local != null) {
                spec.addAll(List.of("-s", local));
            }
            spec.addAll(List.of("-m", "comment", "--comment", RULE_COMMENT, "-j", "REJECT", "--reject-with", "tcp-reset"));
            specs.add(spec);
        }
        return specs;
    }

    private boolean ruleExists(String peer, List<String> spec) {
        List<String> argv = new ArrayList<>(List.of(tool(peer), "-w", "5", "-C"));
        argv.addAll(spec);
        try {
            runner.run(Command.of(TIMEOUT, argv));
            return true;
        } catch (CommandFailedException e) {
            return false; // -C exits 1 when the rule is absent
        } catch (CommandNotFoundException e) {
            throw new CliException(ExitCode.TOOL_MISSING, tool(peer) + " is not installed");
        } catch (CommandException e) {
            throw new CliException(ExitCode.COMMAND_FAILED, e.getMessage());
        }
    }

    private void iptables(String peer, String op, List<String> spec) {
        List<String> argv = new ArrayList<>(List.of(tool(peer), "-w", "5", op, spec.get(0)));
        if (op.equals("-I")) {
            argv.add("1"); // first in the chain, ahead of any ACCEPT
        }
        argv.addAll(spec.subList(1, spec.size()));
        run(Command.of(TIMEOUT, argv), tool(peer));
    }

    private void run(Command c, String tool) {
        try {
            runner.run(c);
        } catch (CommandNotFoundException e) {
            throw new CliException(ExitCode.TOOL_MISSING, tool + " is not installed");
        } catch (CommandException e) {
            throw new CliException(ExitCode.COMMAND_FAILED, e.getMessage());
        }
    }

    private static String tool(String peer) {
        return peer.indexOf(':') >= 0 ? "ip6tables" : "iptables";
    }

    private FileMutex.Held lock(Deadline deadline, String note) {
        try {
            return new FileMutex(lockDir, FileMutex.PACKET_FILTER).acquire(deadline, note);
        } catch (MutexTimeoutException e) {
            throw new CliException(ExitCode.LOCK_TIMEOUT, "packet-filter mutex busy: " + e.getMessage());
        } catch (IOException e) {
            throw new CliException(ExitCode.FAILURE, "cannot take the packet-filter mutex: " + e.getMessage());
        }
    }
}
