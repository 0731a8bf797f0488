// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.packetfilter;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A packet-filter back end that can tell exactly whether a {@link BlockRule} is installed and how often.
 * Callers hold {@code FileMutex.PACKET_FILTER} around every change; implementations bound each
 * command by the operation's deadline and retry transient contention themselves.
 */
public interface PacketFilter {
    String name();

    /** How many copies of {@code rule} are installed (duplicates happen when someone raced us without the mutex). */
    int count(BlockRule rule) throws PacketFilterException;

    /** Adds one copy at the top of its chain. */
    void insert(BlockRule rule) throws PacketFilterException;

    /** Removes one copy; no error when there is none. */
    void deleteOne(BlockRule rule) throws PacketFilterException;

    /** Every rule line of ours (carrying {@link BlockRule#MARK}) as the tool prints it: for tests and `tgtha`. */
    List<String> listOwn() throws PacketFilterException;

    /** Removes our own scaffolding once it holds no rule (the nft table); nothing for iptables. */
    default void tidy() throws PacketFilterException {
    }

    /** Exactly one copy afterwards. @return true when something was changed */
    default boolean ensurePresent(BlockRule rule) throws PacketFilterException {
        int n = count(rule);
        if (n == 0) {
            insert(rule);
            return true;
        }
        for (int i = 1; i < n; i++) {
            deleteOne(rule);
        }
        return n > 1;
    }

    /** No copy afterwards, duplicates included. @return true when something was changed */
    default boolean ensureAbsent(BlockRule rule) throws PacketFilterException {
        boolean changed = false;
        // bounded: a rule that keeps coming back (someone else adding it) must not loop us forever
        for (int round = 0; round < 64; round++) {
            int n = count(rule);
            if (n == 0) {
                return changed;
            }
            for (int i = 0; i < n; i++) {
                deleteOne(rule);
            }
            changed = true;
        }
        throw new PacketFilterException(PacketFilterException.Kind.FAILED,
                name() + ": rule " + rule.key() + " keeps reappearing", null);
    }

    /**
     * Many rules to their wanted state at once: exactly one copy of each of {@code present} and none of
     * {@code absent} afterwards. A back end that can change its rules in one transaction overrides this
     * (one tool run for a whole failover wave instead of two or three per rule); this default goes rule by rule.
     *
     * @return the rules that were changed
     */
    default Set<BlockRule> reconcile(Collection<BlockRule> present, Collection<BlockRule> absent)
            throws PacketFilterException {
        return oneByOne(this, present, absent);
    }

    /** {@link #reconcile} rule by rule: {@link #ensureAbsent} then {@link #ensurePresent} for each. */
    static Set<BlockRule> oneByOne(PacketFilter filter, Collection<BlockRule> present, Collection<BlockRule> absent)
            throws PacketFilterException {
        Set<BlockRule> changed = new LinkedHashSet<>();
        for (BlockRule r : absent) {
            if (filter.ensureAbsent(r)) {
                changed.add(r);
            }
        }
        for (BlockRule r : present) {
            if (filter.ensurePresent(r)) {
                changed.add(r);
            }
        }
        return changed;
    }
}
