// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.agent;

import io.tgtha.ocf.Deadline;
import io.tgtha.ocf.OcfAction;
import io.tgtha.ocf.OcfEnvironment;
import io.tgtha.ocf.OcfException;
import io.tgtha.ocf.OcfExitCode;
import io.tgtha.ocf.exec.CommandRunner;
import io.tgtha.ocf.exec.ProcessCommandRunner;
import io.tgtha.ocf.log.OcfLog;
import io.tgtha.ocf.meta.AgentMetadata;
import io.tgtha.ocf.param.Parameters;
import io.tgtha.ocf.param.UnknownParameters;
import io.tgtha.ocf.text.Text;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * The OCF plumbing around an agent: picks the action from argv[1], reads and validates parameters,
 * bounds the operation by Pacemaker's timeout, and turns every outcome into an exit code plus, on
 * failure, a one-line exit reason. Only meta-data and usage write to stdout. A bug in an agent
 * becomes ERR_GENERIC with a one-line reason; its stack trace goes to the debug log only.
 */
public final class AgentRunner {
    /** Used when Pacemaker passes no timeout and the agent advertises none. */
    private static final Duration FALLBACK_TIMEOUT = Duration.ofSeconds(20);

    private final ResourceAgent agent;
    private final Function<Deadline, CommandRunner> runnerFactory;
    private Duration alreadySpent = Duration.ZERO;

    public AgentRunner(ResourceAgent agent) {
        this(agent, null);
    }

    /** @param runnerFactory makes the command runner for an operation; null for real processes */
    public AgentRunner(ResourceAgent agent, Function<Deadline, CommandRunner> runnerFactory) {
        this.agent = agent;
        this.runnerFactory = runnerFactory;
    }

    /**
     * Counts the operation's time from the process's start rather than from now: Pacemaker's clock
     * started when it forked us, and on a loaded node the JVM alone can take a second or two.
     * The launcher passes the process's start; in-process callers (tests) don't.
     */
    public AgentRunner countingFrom(java.time.Instant processStart) {
        Duration spent = Duration.between(processStart, java.time.Instant.now());
        this.alreadySpent = spent.isNegative() ? Duration.ZERO : spent;
        return this;
    }

    /**
     * The whole process for one operation of {@code agent}, for an agent run as its own main class
     * (tests, tools): the system environment, the budget counted from the process's start, exit code.
     */
    public static void runAsProcess(ResourceAgent agent, String[] args) {
        int rc = new AgentRunner(agent).countingFrom(io.tgtha.ocf.ProcessStart.ofThisProcess())
                .run(args, OcfEnvironment.ofSystem(), System.out, System.err);
        System.out.flush();
        System.err.flush();
        System.exit(rc);
    }

    public int run(String[] args, OcfEnvironment env, PrintStream stdout, PrintStream stderr) {
        AgentMetadata meta = agent.metadata();
        if (args.length < 1) {
            stderr.println(usage(meta));
            return OcfExitCode.ERR_ARGS.code();
        }
        Optional<OcfAction> parsed = OcfAction.fromWireName(args[0]);
        if (parsed.isEmpty()) {
            stderr.println(env.exitReasonPrefix() + "action '" + oneLine(args[0]) + "' is not implemented");
            stderr.println(usage(meta));
            return OcfExitCode.ERR_UNIMPLEMENTED.code();
        }
        OcfAction action = parsed.get();
        switch (action) {
            case META_DATA -> {
                stdout.print(meta.toXml());
                stdout.flush();
                return OcfExitCode.SUCCESS.code();
            }
            case USAGE -> {
                stdout.println(usage(meta));
                return OcfExitCode.SUCCESS.code();
            }
            default -> { }
        }
        OcfLog log = new OcfLog(env, meta.name(), stderr);
        if (action == OcfAction.RELOAD_AGENT && !(meta.hasReloadableParameters() && env.announcesOcf11())) {
            log.exitReason(env.exitReasonPrefix(), "reload-agent is not supported by " + meta.name());
            return OcfExitCode.ERR_UNIMPLEMENTED.code();
        }
        Deadline deadline = Deadline.after(budget(env, meta, action).minus(alreadySpent));
        OcfExitCode rc;
        try {
            rc = perform(action, env, meta, log, deadline);
        } catch (OcfException e) {
            rc = e.exitCode();
            log.exitReason(env.exitReasonPrefix(), e.reason());
        } catch (RuntimeException | Error e) {
            rc = OcfExitCode.ERR_GENERIC;
            log.exitReason(env.exitReasonPrefix(), "internal error in " + meta.name() + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + oneLine(e.getMessage())));
            log.debug(stackTrace(e));
        }
        stdout.flush();
        return rc.code();
    }

    private OcfExitCode perform(OcfAction action, OcfEnvironment env, AgentMetadata meta, OcfLog log,
                                Deadline deadline) {
        Parameters params = Parameters.read(meta.parameters(), env, log);
        CommandRunner runner = runnerFactory == null ? new ProcessCommandRunner(deadline, log)
                : runnerFactory.apply(deadline);
        OperationContext ctx = new OperationContext(action, env, params, log, deadline, runner);
        if (action == OcfAction.START || action == OcfAction.VALIDATE_ALL) {
            for (String warning : UnknownParameters.warnings(env, meta.parameters(), agent.ignoredParameters())) {
                log.warn(warning);
            }
        }
        if (agent instanceof ConfiguredAgent<?> configured) {
            return perform(configured, ctx);
        }
        try {
            params.validate();
            agent.validate(ctx);
        } catch (OcfException e) {
            return whenInvalid(ctx, e);
        }
        return switch (action) {
            case VALIDATE_ALL -> OcfExitCode.SUCCESS;
            case START -> agent.start(ctx);
            case STOP -> agent.stop(ctx);
            case MONITOR, STATUS -> agent.monitor(ctx);
            case RELOAD_AGENT -> agent.reloadAgent(ctx);
            case META_DATA, USAGE -> throw new IllegalStateException("handled earlier");
        };
    }

    /** The declared checks, then the configuration built once and handed to the node checks and the action. */
    private static <C> OcfExitCode perform(ConfiguredAgent<C> agent, OperationContext ctx) {
        C config;
        try {
            ctx.params().validate();
            config = agent.configure(ctx);
            agent.validate(ctx, config);
        } catch (OcfException e) {
            return whenInvalid(ctx, e);
        }
        return switch (ctx.action()) {
            case VALIDATE_ALL -> OcfExitCode.SUCCESS;
            case START -> agent.start(ctx, config);
            case STOP -> agent.stop(ctx, config);
            case MONITOR, STATUS -> agent.monitor(ctx, config);
            case RELOAD_AGENT -> agent.reloadAgent(ctx);
            case META_DATA, USAGE -> throw new IllegalStateException("handled earlier");
        };
    }

    /**
     * A resource whose software is missing cannot be running: a probe says "not running" and a stop
     * succeeds, so Pacemaker neither fences nor bans the node over a probe (as ocf-shellfuncs agents do).
     */
    private static OcfExitCode whenInvalid(OperationContext ctx, OcfException e) {
        if (e.exitCode() == OcfExitCode.ERR_INSTALLED) {
            if (ctx.isProbe()) {
                ctx.log().info("probe: " + e.reason() + "; reporting not running");
                return OcfExitCode.NOT_RUNNING;
            }
            if (ctx.action() == OcfAction.STOP) {
                ctx.log().info("stop: " + e.reason() + "; nothing can be running");
                return OcfExitCode.SUCCESS;
            }
        }
        throw e;
    }

    /**
     * The time an operation of {@code meta}'s agent may take: Pacemaker's timeout (or the agent's advertised
     * one) less a margin for the exit. The agent host answers by it too, whatever the operation does.
     */
    public static Duration budget(OcfEnvironment env, AgentMetadata meta, String actionWireName) {
        return budget(env, meta, OcfAction.fromWireName(actionWireName).orElse(OcfAction.MONITOR));
    }

    static Duration budget(OcfEnvironment env, AgentMetadata meta, OcfAction action) {
        String name = action == OcfAction.STATUS ? "monitor" : action.wireName();
        Optional<Duration> given = env.operationTimeout();
        if (given.isEmpty()) {
            given = meta.timeoutOf(name);
        }
        Duration timeout = given.orElse(FALLBACK_TIMEOUT);
        long margin = Math.max(500, timeout.toMillis() / 20);
        return Duration.ofMillis(Math.max(timeout.toMillis() - margin, timeout.toMillis() / 2));
    }

    private static String usage(AgentMetadata meta) {
        return "usage: " + meta.name() + " {start|stop|monitor|status|validate-all|meta-data|usage"
                + (meta.hasReloadableParameters() ? "|reload-agent" : "") + "}";
    }

    private static String oneLine(String s) {
        String clean = Text.printable(s);
        return clean.length() > 200 ? clean.substring(0, 197) + "..." : clean;
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
