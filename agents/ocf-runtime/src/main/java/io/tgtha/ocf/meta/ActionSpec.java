// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.meta;

import java.time.Duration;
import java.util.Optional;

/** An action the agent advertises, with the timeout Pacemaker should give it. */
public record ActionSpec(String name, Duration timeout, Optional<Duration> interval, Optional<Integer> depth) {

    public static ActionSpec of(String name, Duration timeout) {
        return new ActionSpec(name, timeout, Optional.empty(), Optional.empty());
    }

    public static ActionSpec monitor(Duration timeout, Duration interval, int depth) {
        return new ActionSpec("monitor", timeout, Optional.of(interval), Optional.of(depth));
    }
}
