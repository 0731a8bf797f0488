// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import java.util.List;
import java.util.Optional;

/** Snapshot of one tgtd: all targets (ordered by tid) and all account user names (never passwords). */
public record TgtState(List<Target> targets, List<String> accounts) {
    public TgtState {
        targets = List.copyOf(targets);
        accounts = List.copyOf(accounts);
    }

    // loops, not streams: every monitor looks a target up, and a JVM that lives 50 ms pays for the
    // stream library's and each lambda's first use (JDK 17, AppCDS, measured)
    public Optional<Target> target(int tid) {
        for (Target t : targets) {
            if (t.tid() == tid) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    public boolean hasAccount(String user) {
        return accounts.contains(user);
    }
}
