// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.status;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How pacemaker-controld limits the actions it runs at once on a node from that node's 1-minute load average
 * (Pacemaker 2.x and 3.0, {@code daemons/controld/controld_throttle.c}), reproduced from the same inputs. The
 * controller checks every 30 s, so this is what it decides at its next check, "probably" what it does now. Its
 * second input, the CPU the CIB daemon uses, cannot be read in one look and is left out: the controller may
 * throttle where this says it does not, never the other way round. Early Pacemaker 1.1 releases divided the load
 * by the cores instead (the same marks on more than one core) and also throttled on I/O wait, which this does
 * not see.
 *
 * <p>Arithmetic in {@code float}, as the controller's, so a load exactly at a mark falls on the same side.
 */
public final class PacemakerThrottle {
    /** Pacemaker's default {@code load-threshold}. */
    public static final String DEFAULT_LOAD_THRESHOLD = "80%";
    /** A valid load-threshold: a non-negative number followed by '%' (anything else: the default applies). */
    private static final Pattern PERCENTAGE = Pattern.compile("\\s*\\+?(\\d+(?:\\.\\d*)?|\\.\\d+)%.*");
    private static final Pattern LEADING_INTEGER = Pattern.compile("\\s*([+-]?\\d+).*");

    /** The controller's load modes (it also has "extreme", which the load average never reaches). */
    public enum Mode {
        NONE("negligible", 0), LOW("low", 1.2), MEDIUM("medium", 1.6), HIGH("high", 2.0);

        private final String word;
        private final double factor;

        Mode(String word, double factor) {
            this.word = word;
            this.factor = factor;
        }

        public String word() {
            return word;
        }
    }

    /**
     * @param mode          what the controller decides
     * @param mark          the load average above which that mode starts (for NONE: the low mark)
     * @param thresholdText the load-threshold that applies, as configured ("80%" when unset or invalid)
     * @param maxActions    node-action-limit in effect (its default: twice the cores)
     * @param actionsAtOnce what the controller allows on this node in this mode
     */
    public record Assessment(float load, int cores, Mode mode, float mark, String thresholdText, int maxActions,
                             int actionsAtOnce) {
        public boolean throttled() {
            return mode != Mode.NONE;
        }

        /**
         * A warning when the mode costs actions: fewer at once on this node, or (high) the cluster-wide limit
         * of max(1, online nodes / 2) that the DC applies.
         */
        public Optional<StatusWarning> warning(int onlineNodes) {
            if (mode == Mode.NONE || (mode != Mode.HIGH && actionsAtOnce >= maxActions)) {
                return Optional.empty();
            }
            String limit = mode == Mode.HIGH
                    ? "the controller runs one action at a time on this node and at most "
                    + Math.max(1, onlineNodes / 2) + " at once in the whole cluster"
                    : "the controller runs at most " + actionsAtOnce + " action" + (actionsAtOnce == 1 ? "" : "s")
                    + " at once on this node instead of " + maxActions;
            return Optional.of(new StatusWarning(StatusWarning.PACEMAKER_THROTTLE, String.format(Locale.ROOT,
                    "load %.2f on %d core%s is above Pacemaker's %s-load mark %.2f (load-threshold %s): %s;"
                            + " failovers take longer (docs/troubleshooting.md, \"Pacemaker's load throttle\")",
                    load, cores, cores == 1 ? "" : "s", mode.word(), mark, thresholdText, limit)));
        }
    }

    private PacemakerThrottle() {
    }

    /**
     * @param load            the 1-minute load average (first field of /proc/loadavg)
     * @param cores           cpuN lines in /proc/stat, as the controller counts them
     * @param loadThreshold   the cluster property, null when unset
     * @param nodeActionLimit the cluster property, or the node's PCMK_node_action_limit which overrides it; null when unset
     */
    public static Assessment assess(float load, int cores, String loadThreshold, String nodeActionLimit) {
        int n = Math.max(1, cores);
        String thresholdText = loadThreshold != null && PERCENTAGE.matcher(loadThreshold).matches()
                ? loadThreshold.strip() : DEFAULT_LOAD_THRESHOLD;
        Matcher pct = PERCENTAGE.matcher(thresholdText);
        pct.matches();
        float target = (float) (Float.parseFloat(pct.group(1)) / 100.0);
        // one core: a load of 1.0 is already too much, so the controller scales by 0.6 rather than 1
        float normalize = n == 1 ? 0.6f : n;
        int maxActions = maxActions(nodeActionLimit, n);
        Mode mode = Mode.NONE;
        if (target > 0) { // 0%: the controller ignores the load average
            for (Mode m : new Mode[]{Mode.HIGH, Mode.MEDIUM, Mode.LOW}) {
                if (load > mark(target, normalize, m)) {
                    mode = m;
                    break;
                }
            }
        }
        float mark = mark(target, normalize, mode == Mode.NONE ? Mode.LOW : mode);
        return new Assessment(load, n, mode, mark, thresholdText, maxActions, actionsAtOnce(mode, maxActions));
    }

    private static float mark(float target, float normalize, Mode m) {
        return (float) ((target * normalize) * m.factor);
    }

    /** A positive leading integer, else the controller's default of twice the cores. */
    static int maxActions(String nodeActionLimit, int cores) {
        if (nodeActionLimit != null) {
            Matcher m = LEADING_INTEGER.matcher(nodeActionLimit);
            if (m.matches()) {
                try {
                    long v = Long.parseLong(m.group(1));
                    if (v > 0) {
                        return (int) Math.min(v, Integer.MAX_VALUE);
                    }
                } catch (NumberFormatException e) {
                    return Integer.MAX_VALUE; // more digits than a long: the controller caps it the same way
                }
            }
        }
        return 2 * cores;
    }

    private static int actionsAtOnce(Mode mode, int max) {
        return switch (mode) {
            case HIGH -> 1;
            case MEDIUM -> Math.max(1, max / 4);
            case LOW -> Math.max(1, max / 2);
            case NONE -> Math.max(1, max);
        };
    }
}
