// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.portblock;

import io.tgtha.ocf.exec.Command;
import io.tgtha.ocf.exec.CommandFailedException;
import io.tgtha.ocf.exec.CommandResult;
import io.tgtha.ocf.exec.CommandRunner;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fake iptables/ip6tables/ss/tickle_tcp for unit tests: keeps rules in memory per binary and chain,
 * answers -S/-C/-I/-D like iptables 1.8 does, and can be told to fail the next commands with an exit code.
 */
final class FakeFirewall implements CommandRunner {
    final Map<String, List<String>> chains = new LinkedHashMap<>();
    final List<List<String>> calls = new ArrayList<>();
    final List<String> stdins = new ArrayList<>();
    private final Deque<int[]> failures = new ArrayDeque<>();
    private final Deque<String> failureMessages = new ArrayDeque<>();
    String ssOutput = "";
    /** When set, every ss call exits with this code. */
    Integer ssExitCode;
    /** When set, -S prints every rule with this change (an iptables version that renders a match otherwise). */
    java.util.function.UnaryOperator<String> rendering = java.util.function.UnaryOperator.identity();
    /** When set, the next iptables-restore fails with this message (exit 1) and changes nothing. */
    String nextRestoreFailure;
    /** Runs at every {@code ss -K}, in the agent's thread (what the agent holds then). */
    Runnable onSsKill = () -> { };

    /** The next {@code times} iptables commands exit with {@code code} and {@code stderr}. */
    FakeFirewall failNext(int times, int code, String stderr) {
        for (int i = 0; i < times; i++) {
            failures.add(new int[]{code});
            failureMessages.add(stderr);
        }
        return this;
    }

    List<String> rules(String binary, String chain) {
        return chains.computeIfAbsent(binary + " " + chain, k -> new ArrayList<>());
    }

    /** Synchronized: the agent host's operations share one firewall and run on threads of their own. */
    @Override
    public synchronized CommandResult run(Command command) throws CommandFailedException {
        List<String> argv = command.argv();
        calls.add(argv);
        if (command.stdin() != null) {
            stdins.add(new String(command.stdin(), StandardCharsets.UTF_8));
        }
        String program = argv.get(0).substring(argv.get(0).lastIndexOf('/') + 1);
        if (program.equals("ss")) {
            if (ssExitCode != null) {
                return result(command, ssExitCode, "", "ss: netlink failure\n");
            }
            if (argv.contains("-K")) {
                onSsKill.run();
                return ok(command, "");
            }
            return ok(command, ssOutput);
        }
        if (program.equals("tickle_tcp")) {
            return ok(command, "");
        }
        if (program.equals("iptables-restore") || program.equals("ip6tables-restore")) {
            if (!argv.equals(List.of(argv.get(0), "-w", argv.get(2), "--noflush"))) {
                throw new IllegalStateException("unexpected restore " + argv);
            }
            if (nextRestoreFailure != null) {
                String message = nextRestoreFailure;
                nextRestoreFailure = null;
                return result(command, 1, "", message);
            }
            return restore(command, program.substring(0, program.length() - "-restore".length()));
        }
        if (!program.equals("iptables") && !program.equals("ip6tables")) {
            throw new IllegalStateException("unexpected command " + argv);
        }
        if (!failures.isEmpty()) {
            int code = failures.poll()[0];
            return result(command, code, "", failureMessages.poll());
        }
        if (!argv.get(1).equals("-w")) {
            throw new IllegalStateException("iptables without -w: " + argv);
        }
        String op = argv.get(3);
        if (op.equals("-S") && argv.size() == 4) {
            // the whole filter table, chain by chain, as iptables -S prints it
            StringBuilder sb = new StringBuilder();
            for (String c : List.of("INPUT", "FORWARD", "OUTPUT")) {
                sb.append("-P ").append(c).append(" ACCEPT\n");
            }
            for (Map.Entry<String, List<String>> e : chains.entrySet()) {
                if (e.getKey().startsWith(program + " ")) {
                    String c = e.getKey().substring(program.length() + 1);
                    e.getValue().forEach(r -> sb.append("-A ").append(c).append(' ').append(rendering.apply(r))
                            .append('\n'));
                }
            }
            return ok(command, sb.toString());
        }
        String chain = argv.get(4);
        List<String> rules = rules(program, chain);
        switch (op) {
            case "-S" -> {
                StringBuilder sb = new StringBuilder("-P " + chain + " ACCEPT\n");
                rules.forEach(r -> sb.append("-A ").append(chain).append(' ').append(rendering.apply(r)).append('\n'));
                return ok(command, sb.toString());
            }
            case "-C" -> {
                String spec = String.join(" ", argv.subList(5, argv.size()));
                return rules.contains(spec) ? ok(command, "")
                        : result(command, 1, "", "iptables: Bad rule (does a matching rule exist in that chain?).\n");
            }
            case "-I" -> {
                rules.add(0, String.join(" ", argv.subList(6, argv.size())));
                return ok(command, "");
            }
            case "-D" -> {
                String spec = String.join(" ", argv.subList(5, argv.size()));
                return rules.remove(spec) ? ok(command, "")
                        : result(command, 1, "", "iptables: Bad rule (does a matching rule exist in that chain?).\n");
            }
            default -> throw new IllegalStateException("unexpected iptables op " + argv);
        }
    }

    /** iptables-restore --noflush: every line applies, or (like the real one) none does. */
    private CommandResult restore(Command command, String program) throws CommandFailedException {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        chains.forEach((k, v) -> copy.put(k, new ArrayList<>(v)));
        List<String> lines = new String(command.stdin(), StandardCharsets.UTF_8).lines().toList();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.equals("*filter") || line.equals("COMMIT")) {
                continue;
            }
            String[] words = line.split(" ");
            List<String> rules = copy.computeIfAbsent(program + " " + words[1], k -> new ArrayList<>());
            if (words[0].equals("-I")) {
                rules.add(Integer.parseInt(words[2]) - 1, line.substring(words[0].length() + words[1].length()
                        + words[2].length() + 3));
            } else if (words[0].equals("-D")) {
                if (!rules.remove(line.substring(words[0].length() + words[1].length() + 2))) {
                    return result(command, 1, "", program + "-restore: line " + (n + 1)
                            + " failed: Bad rule (does a matching rule exist in that chain?).\n");
                }
            } else {
                throw new IllegalStateException("unexpected restore line " + line);
            }
        }
        chains.clear();
        chains.putAll(copy);
        return ok(command, "");
    }

    /** How many commands ran {@code program} (the file name, e.g. iptables-restore). */
    synchronized long runsOf(String program) {
        return calls.stream().filter(c -> c.get(0).endsWith("/" + program) || c.get(0).equals(program)).count();
    }

    long count(String programPrefix) {
        return calls.stream().filter(c -> c.get(0).endsWith(programPrefix)).count();
    }

    private static CommandResult ok(Command c, String out) throws CommandFailedException {
        return result(c, 0, out, "");
    }

    private static CommandResult result(Command c, int code, String out, String err) throws CommandFailedException {
        CommandResult r = new CommandResult(c, code, out, err, Duration.ofMillis(1));
        if (!c.successExitCodes().contains(code)) {
            throw new CommandFailedException(r);
        }
        return r;
    }
}
