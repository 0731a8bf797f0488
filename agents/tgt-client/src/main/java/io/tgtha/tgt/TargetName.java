// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

/**
 * A target's tid and name as tgtd's LLD list ({@code tgtadm --mode lld --op show}) prints them: the one
 * listing of targets that holds no text an initiator wrote, so the only one that can tell a real target
 * heading from an imitation inside an initiator's name or alias.
 */
public record TargetName(int tid, String iqn) implements Comparable<TargetName> {

    /** By tid: the order tgtd prints targets in {@code show --mode target}. */
    @Override
    public int compareTo(TargetName other) {
        return Integer.compare(tid, other.tid);
    }

    /** The heading line tgtd prints for this target in {@code show --mode target}. */
    String heading() {
        return "Target " + tid + ": " + iqn;
    }
}
