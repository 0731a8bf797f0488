// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.iscsitarget;

import io.tgtha.tgt.TargetName;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Picks a tid for a target configured without one: the lowest tid the live tgtd does not use.
 * Only correct while the caller holds {@code FileMutex.TGT_CONFIG} from this choice until the target
 * exists, so that two agents starting at once cannot pick the same number; a foreign tool (tgt-admin)
 * can still race us, which the caller handles by retrying on TARGET_EXISTS.
 */
public final class TidAllocator {
    private TidAllocator() {
    }

    public static int lowestFree(Collection<TargetName> live) {
        return lowestFree(live, Set.of());
    }

    public static int lowestFree(Collection<TargetName> live, Set<Integer> alsoTaken) {
        Set<Integer> used = new HashSet<>(alsoTaken);
        for (TargetName t : live) {
            used.add(t.tid());
        }
        int tid = 1;
        while (used.contains(tid)) {
            tid++;
        }
        return tid;
    }
}
