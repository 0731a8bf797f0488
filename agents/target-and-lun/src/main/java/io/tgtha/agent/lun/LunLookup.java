package io.tgtha.agent.lun;

import io.tgtha.tgt.Lun;
import io.tgtha.tgt.Target;

import java.util.List;
import java.util.Optional;

/** Finds the configured target (by exact IQN, its tid may differ per node) and the LUN in it. */
record LunLookup(Optional<Target> target, Optional<Lun> lun) {
    static LunLookup in(List<Target> targets, LunConfig config) {
        // loops, not streams: every LUN monitor runs this (see TargetMonitor.find)
        for (Target t : targets) {
            if (t.iqn().equals(config.targetIqn())) {
                return new LunLookup(Optional.of(t), t.lun(config.lun()));
            }
        }
        return new LunLookup(Optional.empty(), Optional.empty());
    }
}
