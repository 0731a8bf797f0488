// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.lock;

import java.time.Duration;

/**
 * Told how long each {@link FileMutex#acquire} waited. The agent host registers one that feeds its Prometheus
 * metrics; the runtime itself depends on no metrics library. Called on the waiting thread: must be quick.
 */
public interface MutexWaitObserver {
    MutexWaitObserver NONE = new MutexWaitObserver() {
        @Override
        public void acquired(String mutex, Duration waited) {
        }

        @Override
        public void timedOut(String mutex, Duration waited) {
        }
    };

    /** The mutex {@code mutex} (its name, e.g. {@link FileMutex#PACKET_FILTER}) was acquired after {@code waited}. */
    void acquired(String mutex, Duration waited);

    /** The wait for {@code mutex} ended at the operation's deadline (or by interruption) without it. */
    void timedOut(String mutex, Duration waited);
}
