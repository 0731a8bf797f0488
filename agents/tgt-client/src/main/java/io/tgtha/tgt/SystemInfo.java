// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import java.util.List;
import java.util.Map;

/**
 * {@code --op show --mode system}.
 *
 * @param lldStates     driver name to state, e.g. iscsi=ready, iser=error
 * @param backingStores backing store names (flags stripped), e.g. rdwr, aio, null
 * @param version       the tgtd version the client detected or was told (not part of tgtd's output)
 */
public record SystemInfo(String state, boolean debug, Map<String, String> lldStates, List<String> backingStores,
                         List<String> deviceTypes, TgtVersion version) {
    public SystemInfo {
        lldStates = Map.copyOf(lldStates);
        backingStores = List.copyOf(backingStores);
        deviceTypes = List.copyOf(deviceTypes);
    }
}
