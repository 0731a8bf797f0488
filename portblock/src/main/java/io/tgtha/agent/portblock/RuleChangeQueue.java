// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.portblock;

import io.tgtha.ocf.Deadline;
import io.tgtha.ocf.OcfException;
import io.tgtha.ocf.lock.FileMutex;
import io.tgtha.packetfilter.BlockRule;
import io.tgtha.packetfilter.PacketFilter;
import io.tgtha.packetfilter.PacketFilterException;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit of the rule changes of one JVM's portblock operations (the agent host runs them all).
 *
 * <p>A standby of a node with 64 targets stops 64 unblock instances at once, node-action-limit at a time. Each
 * took the packet-filter mutex for two or three iptables runs of its own, about 0.4 s on a loaded node, and the
 * last of a wave of 32 waited past its 20 s stop timeout. Here the first operation to find nobody leading takes
 * the mutex and applies the changes of every operation queued by then in one {@link PacketFilter#reconcile}
 * (iptables: one iptables-restore); the others wait for its answer, and those that come meanwhile form the next
 * batch. Each operation's state-file steps run inside the same hold, so the monitor's reasoning about file and
 * rules changing together still holds. If the batch fails, each operation's changes are applied on their own, so
 * one operation's failure is never another's.
 *
 * <p>A cold agent JVM queues only itself: it behaves as before, one operation per mutex hold.
 */
final class RuleChangeQueue {
    private static final Map<Path, RuleChangeQueue> QUEUES = new ConcurrentHashMap<>();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition finished = lock.newCondition();
    private final Deque<Change> pending = new ArrayDeque<>();
    private boolean leading;

    /** The queue of the mutex at {@code lockFile}, one per JVM. */
    static RuleChangeQueue of(Path lockFile) {
        return QUEUES.computeIfAbsent(lockFile.toAbsolutePath(), p -> new RuleChangeQueue());
    }

    /** How many changes wait for their turn (tests of the batching). */
    int queued() {
        lock.lock();
        try {
            return pending.size();
        } finally {
            lock.unlock();
        }
    }

    /** One operation's wanted rules, the state steps around them, and, once applied, its outcome. */
    static final class Change {
        final PortblockOperation op;
        final Set<BlockRule> present;
        final Set<BlockRule> absent;
        final PortblockOperation.StateStep first;
        final PortblockOperation.StateStep last;
        final boolean tidy;
        final Deadline waitUntil;
        private boolean done;
        private Set<BlockRule> changed = Set.of();
        private RuntimeException failure;
        private int batchSize;

        Change(PortblockOperation op, Collection<BlockRule> present, Collection<BlockRule> absent,
               PortblockOperation.StateStep first, PortblockOperation.StateStep last, boolean tidy, Deadline waitUntil) {
            this.op = op;
            this.present = new LinkedHashSet<>(present);
            this.absent = new LinkedHashSet<>(absent);
            this.first = first;
            this.last = last;
            this.tidy = tidy;
            this.waitUntil = waitUntil;
        }

        /** The rules this change altered, once applied. */
        Set<BlockRule> changed() {
            return changed;
        }

        /** How many operations' changes were applied together with this one (itself included). */
        int batchSize() {
            return batchSize;
        }

        private boolean conflictsWith(Set<BlockRule> otherPresent, Set<BlockRule> otherAbsent) {
            for (BlockRule r : present) {
                if (otherAbsent.contains(r)) {
                    return true;
                }
            }
            for (BlockRule r : absent) {
                if (otherPresent.contains(r)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Applies {@code change}, alone or with others queued at the same time.
     *
     * @return the rules this operation's change altered
     * @throws OcfException what the operation must answer when its change failed or never got its turn
     */
    Set<BlockRule> apply(Change change) {
        boolean interrupted = false;
        lock.lock();
        try {
            pending.add(change);
            while (!change.done && leading) {
                long left = change.waitUntil.remaining().toNanos();
                if (left <= 0 && pending.remove(change)) {
                    throw OcfException.generic("packet-filter lock busy: the rule changes queued ahead of this "
                            + "operation did not finish in time");
                }
                try {
                    // once taken into a batch the change is the leader's: wait for its answer, however late
                    finished.awaitNanos(left > 0 ? left : TimeUnit.MILLISECONDS.toNanos(50));
                } catch (InterruptedException e) {
                    if (pending.remove(change)) {
                        Thread.currentThread().interrupt();
                        throw OcfException.generic("interrupted while waiting for the packet-filter lock");
                    }
                    // taken into a batch: its answer is coming; waiting on with the flag set would only spin
                    interrupted = true;
                }
            }
            if (!change.done) {
                leading = true;
            }
        } finally {
            lock.unlock();
        }
        if (!change.done) {
            try {
                lead(change);
            } finally {
                lock.lock();
                try {
                    leading = false;
                    finished.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (change.failure != null) {
            throw change.failure;
        }
        return change.changed;
    }

    private void lead(Change own) {
        FileMutex.Held held;
        try {
            held = own.op.lock("portblock " + own.op.ctx.action().wireName());
        } catch (RuntimeException e) {
            lock.lock();
            try {
                pending.remove(own);
            } finally {
                lock.unlock();
            }
            finish(own, null, e);
            return;
        }
        try (held) {
            while (!own.done) {
                List<Change> batch = takeBatch();
                try {
                    run(batch);
                } finally {
                    for (Change c : batch) {
                        if (!c.done) {
                            finish(c, null, OcfException.generic("the rule change was not applied"));
                        }
                    }
                }
            }
        }
    }

    /** The longest run of queued changes, in order, that agree with each other and use the same back end. */
    private List<Change> takeBatch() {
        lock.lock();
        try {
            List<Change> batch = new ArrayList<>();
            Set<BlockRule> present = new LinkedHashSet<>();
            Set<BlockRule> absent = new LinkedHashSet<>();
            String backEnd = null;
            while (!pending.isEmpty()) {
                Change c = pending.peek();
                String name = backEndOf(c);
                if (!batch.isEmpty() && (!name.equals(backEnd) || c.conflictsWith(present, absent))) {
                    break;
                }
                pending.poll();
                batch.add(c);
                backEnd = name;
                present.addAll(c.present);
                absent.addAll(c.absent);
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    private static String backEndOf(Change c) {
        try {
            return c.op.filter().name();
        } catch (RuntimeException e) {
            return "unusable"; // its own failure is reported when the batch runs it
        }
    }

    private void run(List<Change> batch) {
        List<Change> ready = new ArrayList<>();
        for (Change c : batch) {
            try {
                c.op.filter();
                c.first.run();
                ready.add(c);
            } catch (RuntimeException e) {
                finish(c, null, e);
            }
        }
        if (ready.isEmpty()) {
            return;
        }
        Set<BlockRule> changedByBatch = null;
        if (ready.size() > 1) {
            changedByBatch = together(ready);
        }
        for (Change c : ready) {
            Set<BlockRule> mine;
            try {
                mine = changedByBatch != null ? changedOf(c, changedByBatch) : alone(c);
                c.last.run();
            } catch (RuntimeException e) {
                finish(c, null, e);
                continue;
            }
            c.batchSize = changedByBatch != null ? ready.size() : 1;
            finish(c, mine, null);
        }
    }

    /** Every change of the batch in one reconcile; null when that failed (then each goes alone). */
    private static Set<BlockRule> together(List<Change> ready) {
        Change soonest = ready.get(0);
        Set<BlockRule> present = new LinkedHashSet<>();
        Set<BlockRule> absent = new LinkedHashSet<>();
        boolean tidy = false;
        for (Change c : ready) {
            // the batch's commands are bounded by the earliest deadline among its operations
            if (c.op.ctx.deadline().remaining().compareTo(soonest.op.ctx.deadline().remaining()) < 0) {
                soonest = c;
            }
            present.addAll(c.present);
            absent.addAll(c.absent);
            tidy |= c.tidy;
        }
        try {
            PacketFilter filter = soonest.op.filter();
            Set<BlockRule> changed = filter.reconcile(present, absent);
            if (tidy) {
                filter.tidy();
            }
            return changed;
        } catch (PacketFilterException | RuntimeException e) {
            soonest.op.ctx.log().warn("changing the rules of " + ready.size() + " portblock operations at once failed ("
                    + e.getMessage() + "); changing them one operation at a time");
            return null;
        }
    }

    private static Set<BlockRule> alone(Change c) {
        try {
            PacketFilter filter = c.op.filter();
            // one operation: rule by rule is fewer runs than listing, restoring and listing again
            Set<BlockRule> changed = PacketFilter.oneByOne(filter, c.present, c.absent);
            if (c.tidy) {
                filter.tidy();
            }
            return changed;
        } catch (PacketFilterException e) {
            throw e.toOcf();
        }
    }

    private static Set<BlockRule> changedOf(Change c, Set<BlockRule> changedByBatch) {
        Set<BlockRule> mine = new LinkedHashSet<>();
        for (BlockRule r : changedByBatch) {
            if (c.present.contains(r) || c.absent.contains(r)) {
                mine.add(r);
            }
        }
        return mine;
    }

    /** Under the queue's lock: the waiting operation reads its outcome under it, and is woken at once. */
    private void finish(Change c, Set<BlockRule> changed, RuntimeException failure) {
        lock.lock();
        try {
            c.changed = changed == null ? Set.of() : changed;
            c.failure = failure;
            c.done = true;
            finished.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
