// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.iscsitarget;

import io.tgtha.ocf.Deadline;
import io.tgtha.ocf.OcfException;
import io.tgtha.ocf.lock.FileMutex;
import io.tgtha.ocf.lock.MutexTimeoutException;

import java.io.IOException;

/** Takes {@code FileMutex.TGT_CONFIG}, turning its checked failures into OCF failures. */
final class ConfigLock {
    private ConfigLock() {
    }

    static FileMutex.Held acquire(FileMutex mutex, Deadline deadline, String note) {
        try {
            return mutex.acquire(deadline, note);
        } catch (MutexTimeoutException e) {
            throw OcfException.generic("tgt configuration lock: " + e.getMessage());
        } catch (IOException e) {
            throw OcfException.generic("tgt configuration lock " + mutex.file() + ": " + e.getMessage());
        }
    }
}
