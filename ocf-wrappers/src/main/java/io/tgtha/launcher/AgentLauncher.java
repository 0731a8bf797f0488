// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.launcher;

import io.tgtha.ocf.OcfEnvironment;
import io.tgtha.ocf.ProcessStart;
import io.tgtha.ocf.OcfException;
import io.tgtha.ocf.OcfExitCode;
import io.tgtha.ocf.agent.AgentRunner;
import io.tgtha.ocf.agent.ResourceAgent;
import io.tgtha.ocf.lock.FileMutex;
import io.tgtha.ocf.lock.MutexWaitLog;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Arrays;

/**
 * The JVM entry point behind every OCF wrapper: {@code AgentLauncher <agent> <action> ...}.
 *
 * <p>Deliberately a plain {@code main}: no command-line framework, no reflection scanning, nothing
 * that loads classes the operation does not need, because JVM start-up is most of an agent
 * operation's cost. Whatever happens, the process ends with an OCF exit code (0-7) and at most one
 * exit-reason line; stdout carries only what the action prints (meta-data XML, usage).
 */
public final class AgentLauncher {
    private AgentLauncher() {
    }

    public static void main(String[] args) {
        // Pacemaker's timeout started at the fork, before the JVM's own start-up: count from there
        Instant processStart = ProcessStart.ofThisProcess();
        StartupShortcuts.nameDefaultSelectorProvider();
        // the host counts its operations' mutex waits in memory; a cold run leaves a line for tgtha metrics
        FileMutex.observeWaits(new MutexWaitLog(MutexWaitLog.defaultFile()));
        int rc = launch(AgentCatalog.TGTHA, args, OcfEnvironment.ofSystem(), System.out, System.err, processStart);
        System.out.flush();
        System.exit(rc);
    }

    /** The whole launcher without {@code System.exit}, for tests and the CDS training run. */
    public static int launch(String[] args, OcfEnvironment env, PrintStream stdout, PrintStream stderr) {
        return launch(AgentCatalog.TGTHA, args, env, stdout, stderr, Instant.now());
    }

    static int launch(AgentCatalog catalog, String[] args, OcfEnvironment env, PrintStream stdout,
                      PrintStream stderr) {
        return launch(catalog, args, env, stdout, stderr, Instant.now());
    }

    /**
     * What {@code args} (agent, action) may take; the agent host's bound for the operation. An unknown agent
     * fails at once anyway: any bound will do.
     */
    public static java.time.Duration budget(AgentCatalog catalog, String[] args, OcfEnvironment env) {
        try {
            return AgentRunner.budget(env, catalog.instantiate(args[0]).metadata(), args.length > 1 ? args[1] : "");
        } catch (RuntimeException e) {
            return java.time.Duration.ofSeconds(20);
        }
    }

    /** One operation: {@code args} is agent, action; the budget counts from {@code processStart}. */
    public static int launch(AgentCatalog catalog, String[] args, OcfEnvironment env, PrintStream stdout,
                             PrintStream stderr, Instant processStart) {
        if (args.length < 1) {
            stderr.println(env.exitReasonPrefix() + "no agent named; usage: tgtha-agent {"
                    + String.join("|", catalog.knownNames()) + "} ACTION");
            return OcfExitCode.ERR_ARGS.code();
        }
        String[] ocfArgs = Arrays.copyOfRange(args, 1, args.length);
        try {
            ResourceAgent agent = catalog.instantiate(args[0]);
            return new AgentRunner(agent).countingFrom(processStart).run(ocfArgs, env, stdout, stderr);
        } catch (OcfException e) {
            stderr.println(env.exitReasonPrefix() + e.reason());
            return e.exitCode().code();
        } catch (RuntimeException | LinkageError e) {
            // AgentRunner turns an agent's bugs into ERR_GENERIC itself; this catches what escapes it
            // (e.g. an agent whose metadata() throws), still as one line and never a stack trace.
            stderr.println(env.exitReasonPrefix() + "internal error in tgt-ha agent '"
                    + AgentCatalog.printable(args[0]) + "': " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + AgentCatalog.printable(e.getMessage())));
            return OcfExitCode.ERR_GENERIC.code();
        }
    }
}
