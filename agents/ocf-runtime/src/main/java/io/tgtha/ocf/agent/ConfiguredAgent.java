// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.agent;

import io.tgtha.ocf.OcfExitCode;

/**
 * An agent whose actions take its typed configuration {@code C}. {@link AgentRunner} builds the
 * configuration once per operation, after the declared parameter checks passed, and hands the same
 * object to {@link #validate(OperationContext, Object)} and to the action: nothing parses a parameter twice.
 *
 * <p>The single-argument methods of {@link ResourceAgent} are answered by building the configuration
 * and running the action, for callers that hold a plain {@code ResourceAgent}.
 */
public interface ConfiguredAgent<C> extends ResourceAgent {
    /**
     * The configuration from {@code ctx.params()} (and {@code ctx.env()}), with the checks that need
     * several parameters; a bad combination throws {@code OcfException.configured} naming the parameters.
     */
    C configure(OperationContext ctx);

    /**
     * Checks of the node rather than of the configuration (tools installed, files present), for
     * validate-all and before every start, stop and monitor.
     */
    default void validate(OperationContext ctx, C config) {
    }

    OcfExitCode start(OperationContext ctx, C config);

    OcfExitCode stop(OperationContext ctx, C config);

    /** Also serves probes and the status alias. */
    OcfExitCode monitor(OperationContext ctx, C config);

    @Override
    default void validate(OperationContext ctx) {
        validate(ctx, configure(ctx));
    }

    @Override
    default OcfExitCode start(OperationContext ctx) {
        return start(ctx, configure(ctx));
    }

    @Override
    default OcfExitCode stop(OperationContext ctx) {
        return stop(ctx, configure(ctx));
    }

    @Override
    default OcfExitCode monitor(OperationContext ctx) {
        return monitor(ctx, configure(ctx));
    }
}
