package io.tgtha.agent.iscsitarget;

import java.util.Optional;

/**
 * The {@code tgt_control_port} parameter of the target and LUN agents. tgtd keeps the control port in a
 * {@code short int} (its option parser takes up to 65535, which wraps to a negative port), and the tgt
 * client refuses anything above {@link Short#MAX_VALUE} with an IllegalArgumentException; accepting more
 * here let validate-all pass and every later action end in "internal error". Checked as a parameter, so
 * each action ends with rc 6 and this reason instead.
 */
public final class ControlPort {
    /** What {@code io.tgtha.tgt.TgtClientBuilder#controlPort} accepts (pinned by a test against it). */
    public static final int MAX = Short.MAX_VALUE;

    private ControlPort() {
    }

    /** The problem with a value that parses as an integer; a non-integer is left to the type check. */
    public static Optional<String> problemWith(String v) {
        int port;
        try {
            port = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (port < 0 || port > MAX) {
            return Optional.of("must be 0-" + MAX + " (tgtd keeps its --control-port in a short int)");
        }
        return Optional.empty();
    }
}
