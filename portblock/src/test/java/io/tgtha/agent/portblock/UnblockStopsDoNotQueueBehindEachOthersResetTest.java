// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.portblock;

import io.tgtha.ocf.lock.FileMutex;
import io.tgtha.ocf.lock.MutexTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bug pinned: at a standby of 16 targets every unblock instance's stop destroyed its sockets for up to 2 s while
 * holding the node's packet-filter mutex, so the stops ran one after another and the last ones failed on
 * "packet-filter lock busy" after their 20 s timeout (a failed stop: fencing in production). With
 * direction=out method=reject the block rules are the reset rules, so the destroying needs no mutex.
 */
class UnblockStopsDoNotQueueBehindEachOthersResetTest {
    @TempDir
    Path tmp;

    private static Map<String, String> unblock(String direction) {
        Map<String, String> p = new HashMap<>();
        p.put("protocol", "tcp");
        p.put("portno", "3260");
        p.put("action", "unblock");
        p.put("ip", "10.231.2.1");
        p.put("direction", direction);
        p.put("reset_local_on_unblock_stop", "true");
        return p;
    }

    /** At every ss -K of the stop, whether another thread of the process could take the packet-filter mutex. */
    private List<Boolean> mutexFreeAtEachDestroy(String direction) {
        AgentHarness agent = new AgentHarness(tmp);
        Map<String, String> p = unblock(direction);
        assertThat(agent.run("start", p).rc()).isZero();
        FileMutex mutex = new FileMutex(tmp.resolve("locks"), FileMutex.PACKET_FILTER);
        List<Boolean> free = new ArrayList<>();
        agent.firewall.onSsKill = () -> free.add(CompletableFuture.supplyAsync(() -> {
            try (FileMutex.Held h = mutex.acquire(Duration.ZERO, "test")) {
                return true;
            } catch (MutexTimeoutException e) {
                return false;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).join());
        assertThat(agent.run("stop", p).rc()).isZero();
        return free;
    }

    @Test
    void anOutputRejectUnblockStopDestroysItsSocketsWithTheMutexFree() {
        assertThat(mutexFreeAtEachDestroy("out")).isNotEmpty().containsOnly(true);
    }

    @Test
    void aResetWithTemporaryRulesStillDestroysUnderTheMutexThatTakesThemOutAgain() {
        // direction=in: the reset rule on OUTPUT is not the block rule and must be removed after the destroying
        assertThat(mutexFreeAtEachDestroy("in")).isNotEmpty().containsOnly(false);
    }
}
