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

    // every monitor looks a target up: cold path, see docs/architecture.md, "House rules"
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
