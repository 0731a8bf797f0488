package io.tgtha.tgt;

import java.util.List;
import java.util.Optional;

/** Snapshot of one tgtd: all targets (ordered by tid) and all account user names (never passwords). */
public record TgtState(List<Target> targets, List<String> accounts) {
    public TgtState {
        targets = List.copyOf(targets);
        accounts = List.copyOf(accounts);
    }

    public Optional<Target> target(int tid) {
        return targets.stream().filter(t -> t.tid() == tid).findFirst();
    }

    public Optional<Target> targetByIqn(String iqn) {
        return targets.stream().filter(t -> t.iqn().equals(iqn)).findFirst();
    }

    public boolean hasAccount(String user) {
        return accounts.contains(user);
    }
}
