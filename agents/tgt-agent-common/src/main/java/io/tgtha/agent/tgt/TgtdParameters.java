// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.tgt;

import io.tgtha.ocf.meta.ActionSpec;
import io.tgtha.ocf.param.ParameterSpec;

import java.time.Duration;
import java.util.List;

/**
 * The parameters (and actions) the target and LUN agents share because both talk to one tgtd: which implementation
 * (tgt only, for drop-in compatibility with the stock agents) and which daemon ({@code tgt_control_port}).
 */
public final class TgtdParameters {
    /**
     * The highest {@code tgt_control_port}: tgtd keeps the control port in a {@code short int} (its option
     * parser takes up to 65535, which wraps to a negative port), and the tgt client refuses more. Declared
     * as the parameter's range, so every action ends with rc 6 and this reason, never an internal error.
     */
    public static final int MAX_CONTROL_PORT = Short.MAX_VALUE;

    /** The actions both agents advertise, with their default timeouts. */
    public static final List<ActionSpec> ACTIONS = List.of(
            ActionSpec.of("start", Duration.ofSeconds(30)),
            ActionSpec.of("stop", Duration.ofSeconds(30)),
            ActionSpec.monitor(Duration.ofSeconds(20), Duration.ofSeconds(10), 0),
            ActionSpec.of("status", Duration.ofSeconds(20)),
            ActionSpec.of("meta-data", Duration.ofSeconds(5)),
            ActionSpec.of("validate-all", Duration.ofSeconds(10)));

    private TgtdParameters() {
    }

    public static ParameterSpec implementation(String stockAgent) {
        return ParameterSpec.string("implementation").defaultValue("tgt")
                .shortdesc("iSCSI target implementation (tgt only)")
                .longdesc("Accepted for compatibility with ocf:heartbeat:" + stockAgent + "; only \"tgt\" is supported.")
                .oneOf("tgt").build();
    }

    public static ParameterSpec controlPort() {
        return ParameterSpec.integer("tgt_control_port").defaultValue("0")
                .shortdesc("tgtd control port (tgtd --control-port)")
                .longdesc("Which tgtd to manage: 0 for the default daemon (/var/run/tgtd/socket.0), at most "
                        + MAX_CONTROL_PORT + ".")
                .range(0, MAX_CONTROL_PORT, "tgtd keeps its --control-port in a short int").build();
    }
}
