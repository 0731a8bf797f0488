// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.portblock;

import io.tgtha.ocf.lock.FileMutex;

import java.nio.file.Path;
import java.time.Duration;

/** Test helper process: takes the packet-filter mutex of a run dir, says "held", and sleeps until killed. */
public final class HoldMutexMain {
    private HoldMutexMain() {
    }

    public static void main(String[] args) throws Exception {
        FileMutex mutex = new FileMutex(Path.of(args[0], "locks"), FileMutex.PACKET_FILTER);
        FileMutex.Held held = mutex.acquire(Duration.ofSeconds(30), "test holder");
        System.out.println("held");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
        held.close();
    }
}
