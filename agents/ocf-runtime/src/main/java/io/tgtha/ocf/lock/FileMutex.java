// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.lock;

import io.tgtha.ocf.Deadline;
import io.tgtha.ocf.OcfException;
import io.tgtha.process.AsciiSet;
import io.tgtha.process.LockFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A mutex shared by every tgt-ha process on a node, e.g. around every packet-filter change.
 *
 * <p>It is an fcntl lock on a file under {@code /run/tgtha/locks}: the kernel releases it when the
 * holder dies, even by kill -9, so it can never be left stale and no pid-file clean-up is needed.
 * Note it is not an flock(2): it excludes other tgt-ha (Java) processes, not {@code flock(1)} users.
 * Threads of one JVM are serialised by an in-process lock first, because fcntl locks are per process, and served
 * in the order they asked.
 * Waiting is bounded by the operation's deadline.
 */
public final class FileMutex {
    public static final String PACKET_FILTER = "packet-filter";
    public static final String TGT_CONFIG = "tgt-config";

    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
    private static final AsciiSet NAME = AsciiSet.of("A-Za-z0-9._-");

    private static volatile MutexWaitObserver observer = MutexWaitObserver.NONE;

    private final String name;
    private final Path file;

    public FileMutex(Path lockDir, String name) {
        if (!NAME.matchesAll(name)) {
            throw new IllegalArgumentException("lock name " + name);
        }
        this.name = name;
        this.file = lockDir.resolve(name + ".lock");
    }

    /**
     * Where every mutex of this JVM reports its waits (the agent host's metrics); {@link MutexWaitObserver#NONE}
     * (the default, and what a cold JVM keeps) reports nowhere.
     */
    public static void observeWaits(MutexWaitObserver o) {
        observer = o == null ? MutexWaitObserver.NONE : o;
    }

    public String name() {
        return name;
    }

    /** The default lock directory, {@code /run/tgtha/locks}; TGTHA_RUN_DIR moves it (tests, labs). */
    public static Path defaultLockDir() {
        return io.tgtha.process.RunDir.current().resolve("locks");
    }

    public Path file() {
        return file;
    }

    private static ReentrantLock inProcessLock(Path absolute) {
        // fair: in a burst (a standby of 64 targets queues 128 portblock starts here) a thread that has just
        // arrived must not take the mutex ahead of one that has waited since the burst began, or that one
        // reaches its deadline first
        return IN_PROCESS.computeIfAbsent(absolute, p -> new ReentrantLock(true));
    }

    /**
     * Waits for the mutex until {@code deadline}.
     *
     * @param holderNote written into the lock file for diagnostics (who holds it, for what)
     * @throws MutexTimeoutException when the deadline passes first
     */
    public Held acquire(Deadline deadline, String holderNote) throws MutexTimeoutException, IOException {
        long began = System.nanoTime();
        try {
            Held held = acquireUntil(deadline, holderNote);
            report(began, false);
            return held;
        } catch (MutexTimeoutException e) {
            report(began, true);
            throw e;
        }
    }

    /**
     * {@link #acquire(Deadline, String)} for an agent operation: a mutex still busy at {@code deadline}, or a lock file
     * that cannot be used, fails the operation (ERR_GENERIC) with one line naming the mutex, e.g. "tgt-config lock
     * busy: timed out waiting for FILE (held by: PID NOTE)".
     */
    public Held acquireOrFail(Deadline deadline, String holderNote) {
        try {
            return acquire(deadline, holderNote);
        } catch (MutexTimeoutException e) {
            throw OcfException.generic(name + " lock busy: " + e.getMessage());
        } catch (IOException e) {
            throw OcfException.generic("cannot use the " + name + " lock " + file + ": " + e.getMessage());
        }
    }

    /** An observer's failure must never fail the operation that waited. */
    private void report(long began, boolean timedOut) {
        Duration waited = Duration.ofNanos(System.nanoTime() - began);
        try {
            if (timedOut) {
                observer.timedOut(name, waited);
            } else {
                observer.acquired(name, waited);
            }
        } catch (RuntimeException ignored) {
            // metrics are not worth an operation
        }
    }

    private Held acquireUntil(Deadline deadline, String holderNote) throws MutexTimeoutException, IOException {
        ReentrantLock local = inProcessLock(file.toAbsolutePath());
        if (local.isHeldByCurrentThread()) {
            // fcntl locks are per process: a nested acquire can't be told apart from the outer one
            throw new IllegalStateException(file + " is already held by this thread");
        }
        try {
            if (!local.tryLock(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS)) {
                // not describeHolder(): opening the file here would drop the fcntl lock our other thread holds
                throw new MutexTimeoutException(file, "another thread of this process");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MutexTimeoutException(file, "interrupted");
        }
        boolean done = false;
        try {
            FileChannel channel = openLockFile(file);
            try {
                // polled, not F_SETLKW: a blocking lock could not honour the deadline. Capped at 10 ms
                // because in a failover of several targets the packet-filter lock is handed from one
                // agent to the next many times; a 50 ms cap added up to ~25 ms to every hand-over
                long pause = 2;
                while (true) {
                    FileLock lock = channel.tryLock();
                    if (lock != null) {
                        writeNote(channel, holderNote);
                        done = true;
                        return new Held(channel, lock, local);
                    }
                    if (deadline.remaining().toMillis() <= pause) {
                        throw new MutexTimeoutException(file, describeHolder());
                    }
                    Thread.sleep(pause);
                    pause = Math.min(pause * 2, 10);
                }
            } finally {
                if (!done) {
                    channel.close();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MutexTimeoutException(file, "interrupted");
        } finally {
            if (!done) {
                local.unlock();
            }
        }
    }


    /** The lock file, opened so that nobody else can lock it ({@link LockFile}). */
    static FileChannel openLockFile(Path file) throws IOException {
        return LockFile.openOwnerOnly(file);
    }

    private static void writeNote(FileChannel channel, String note) throws IOException {
        byte[] text = (ProcessHandle.current().pid() + " " + note + "\n").getBytes(StandardCharsets.UTF_8);
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(text), 0);
    }

    /**
     * Only called while this process holds no fcntl lock on the file: closing any descriptor of a file
     * drops every fcntl lock the process has on it.
     */
    private String describeHolder() {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "unknown holder";
        }
    }

    /** A held mutex; closing releases it. */
    public static final class Held implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;
        private final ReentrantLock local;
        private boolean released;

        private Held(FileChannel channel, FileLock lock, ReentrantLock local) {
            this.channel = channel;
            this.lock = lock;
            this.local = local;
        }

        @Override
        public void close() {
            if (released) {
                return;
            }
            released = true;
            try {
                lock.release();
                channel.close();
            } catch (IOException ignored) {
                // closing the channel releases the fcntl lock in any case
            } finally {
                local.unlock();
            }
        }
    }

    /** How many threads of this JVM wait for the mutex at {@code file} (tests of the waiting order). */
    static int threadsWaiting(Path file) {
        ReentrantLock local = IN_PROCESS.get(file.toAbsolutePath());
        return local == null ? 0 : local.getQueueLength();
    }

    /** Convenience for tests and tools without an operation deadline. */
    public Held acquire(Duration wait, String holderNote) throws MutexTimeoutException, IOException {
        return acquire(Deadline.after(wait), holderNote);
    }
}
