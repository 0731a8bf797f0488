// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.lun;

import io.tgtha.tgt.Lun;
import io.tgtha.tgt.Target;

import java.util.Optional;

/** The configured target (found by exact IQN: its tid may differ per node) and the LUN in it. */
record LunLookup(Optional<Target> target, Optional<Lun> lun) {
    static LunLookup of(Optional<Target> target, LunConfig config) {
        return new LunLookup(target, target.flatMap(t -> t.lun(config.lun())));
    }
}
