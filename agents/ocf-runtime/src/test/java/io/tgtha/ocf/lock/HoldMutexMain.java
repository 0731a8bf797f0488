// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.lock;

import java.nio.file.Path;
import java.time.Duration;

/** Run in a separate JVM by the tests: takes the mutex, says so on stdout, then sleeps until killed. */
public final class HoldMutexMain {
    public static void main(String[] args) throws Exception {
        FileMutex mutex = new FileMutex(Path.of(args[0]), args[1]);
        try (FileMutex.Held held = mutex.acquire(Duration.ofSeconds(10), "test holder")) {
            System.out.println("HELD");
            System.out.flush();
            Thread.sleep(Long.parseLong(args[2]));
        }
    }
}
