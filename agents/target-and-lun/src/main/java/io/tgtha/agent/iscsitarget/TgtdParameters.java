package io.tgtha.agent.iscsitarget;

import io.tgtha.ocf.param.ParameterSpec;
import io.tgtha.ocf.param.ValueCheck;

import java.util.Optional;

/**
 * The parameters the target and LUN agents share because both talk to one tgtd: which implementation
 * (tgt only, for drop-in compatibility with the stock agents) and which daemon ({@code tgt_control_port}).
 * Checks are classes rather than lambdas: each lambda's first call costs a 50 ms JVM about 0.3 ms.
 */
public final class TgtdParameters {
    private TgtdParameters() {
    }

    public static ParameterSpec implementation(String stockAgent) {
        return ParameterSpec.string("implementation").defaultValue("tgt")
                .shortdesc("iSCSI target implementation (tgt only)")
                .longdesc("Accepted for compatibility with ocf:heartbeat:" + stockAgent + "; only \"tgt\" is supported.")
                .check(new OnlyTgt()).build();
    }

    public static ParameterSpec controlPort() {
        return ParameterSpec.integer("tgt_control_port").defaultValue("0")
                .shortdesc("tgtd control port (tgtd --control-port)")
                .longdesc("Which tgtd to manage: 0 for the default daemon (/var/run/tgtd/socket.0), at most "
                        + ControlPort.MAX + ".")
                .check(new ControlPortCheck()).build();
    }

    private static final class OnlyTgt implements ValueCheck {
        @Override
        public Optional<String> problemWith(String v) {
            return v.equals("tgt") ? Optional.empty()
                    : Optional.of("only the tgt implementation is supported by this agent");
        }
    }

    private static final class ControlPortCheck implements ValueCheck {
        @Override
        public Optional<String> problemWith(String v) {
            return ControlPort.problemWith(v);
        }
    }
}
