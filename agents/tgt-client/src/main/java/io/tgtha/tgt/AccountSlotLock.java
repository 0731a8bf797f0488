// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serialises account-slot changes against one tgtd across threads and processes. A hole-free unbind is
 * several requests planned from one show; another agent's unbind in between could clear a slot that is
 * no longer the last and leave exactly the hole the plan avoids. fcntl lock on a per-control-port file
 * (processes) plus a per-path ReentrantLock (threads: fcntl locks are per process).
 */
final class AccountSlotLock {
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path file;

    AccountSlotLock(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    interface Body<T> {
        T run();
    }

    <T> T withLock(Duration timeout, String operation, Body<T> body) {
        long deadline = System.nanoTime() + timeout.toNanos();
        // putIfAbsent, not computeIfAbsent(f -> ...): cold path, see docs/architecture.md, "House rules"
        ReentrantLock fresh = new ReentrantLock();
        ReentrantLock existing = IN_PROCESS.putIfAbsent(file, fresh);
        ReentrantLock local = existing == null ? fresh : existing;
        try {
            if (!local.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new TgtTimeoutException(operation + " (waiting for " + file + ")", timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TgtTimeoutException(operation + " (interrupted waiting for " + file + ")", timeout);
        }
        try {
            if (local.getHoldCount() > 1) {
                return body.run(); // nested (deleteAccount -> unbindAccountSafely): file lock already held
            }
            try (FileChannel ch = open(operation); FileLock lock = acquire(ch, deadline, timeout, operation)) {
                return body.run();
            } catch (IOException e) {
                throw new TgtProtocolException(operation, "cannot use lock file " + file + ": " + e.getMessage(), e);
            }
        } finally {
            local.unlock();
        }
    }

    /** 0600, ours, never through a symbolic link: see {@link io.tgtha.process.LockFile}. */
    private FileChannel open(String operation) throws IOException {
        return io.tgtha.process.LockFile.openOwnerOnly(file);
    }


    private FileLock acquire(FileChannel ch, long deadline, Duration timeout, String operation) throws IOException {
        while (true) {
            FileLock lock = ch.tryLock();
            if (lock != null) {
                return lock;
            }
            if (System.nanoTime() > deadline) {
                throw new TgtTimeoutException(operation + " (waiting for " + file + ")", timeout);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TgtTimeoutException(operation + " (interrupted waiting for " + file + ")", timeout);
            }
        }
    }
}
