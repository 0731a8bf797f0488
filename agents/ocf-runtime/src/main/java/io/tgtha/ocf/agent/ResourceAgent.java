// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.agent;

import io.tgtha.ocf.OcfException;
import io.tgtha.ocf.OcfExitCode;
import io.tgtha.ocf.meta.AgentMetadata;

/**
 * One OCF resource agent. {@link AgentRunner} does the OCF plumbing (dispatch, parameters,
 * validation, exit reasons); an agent implements only what is specific to it. Any method may throw
 * {@link OcfException} to end the operation with that exit code and reason.
 */
public interface ResourceAgent {
    AgentMetadata metadata();

    /**
     * Checks beyond what the parameter specs declare (tools installed, files readable, values that
     * depend on each other). Runs for validate-all and before every start, stop and monitor;
     * {@link OperationContext#action()} tells which. Throw ERR_CONFIGURED for a bad configuration,
     * ERR_INSTALLED for a missing tool, ERR_ARGS for a bad value, ERR_PERM for a permission problem.
     */
    default void validate(OperationContext ctx) {
    }

    OcfExitCode start(OperationContext ctx);

    OcfExitCode stop(OperationContext ctx);

    /** Also serves probes ({@link OperationContext#isProbe()}) and the status alias. */
    OcfExitCode monitor(OperationContext ctx);

    /** OCF 1.1 reload-agent; only called when the metadata declares reloadable parameters. */
    default OcfExitCode reloadAgent(OperationContext ctx) {
        throw new OcfException(OcfExitCode.ERR_UNIMPLEMENTED, "reload-agent is not implemented");
    }

    /**
     * Parameters of the agent this one replaces that mean nothing here, each with why: named as ignored in
     * validate-all and start rather than warned about as unknown (e.g. the stock agents' LIO-only ones).
     */
    default java.util.Map<String, String> ignoredParameters() {
        return java.util.Map.of();
    }
}
