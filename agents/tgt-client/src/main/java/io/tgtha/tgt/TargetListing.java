// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import java.util.List;

/**
 * One consistent look at tgtd's targets: the text of {@code show --mode target} (one char per byte, as the
 * transports return it) and the LLD list that agreed with it, from which {@link TargetShowReader} reads all
 * targets or one. Immutable, so callers that share one show can each read what they need from it.
 */
record TargetListing(String latin1, List<TargetName> listed) {
    TargetListing {
        listed = List.copyOf(listed);
    }
}
