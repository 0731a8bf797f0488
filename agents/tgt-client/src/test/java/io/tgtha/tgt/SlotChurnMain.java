// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import java.time.Duration;

/**
 * Child-process worker for {@link ConcurrentAccountChangesNeverLeaveAHoleTest}: repeatedly unbinds (safely)
 * and re-binds its own accounts on one target. Args: controlPort tid iterations user... Says "ready" once
 * connected and starts when a line arrives on stdin (if stdin ends instead, at once), so that the test can
 * start every worker's churn together rather than after a cold JVM's start-up.
 */
public final class SlotChurnMain {
    public static void main(String[] args) throws java.io.IOException {
        TgtClient tgt = TgtClient.forControlPort(Integer.parseInt(args[0]), Duration.ofSeconds(10));
        tgt.ping();
        System.out.println("ready");
        System.out.flush();
        System.in.read();
        int tid = Integer.parseInt(args[1]);
        int iterations = Integer.parseInt(args[2]);
        java.util.List<String> users = java.util.List.of(args).subList(3, args.length);
        for (int i = 0; i < iterations; i++) {
            churnOnce(tgt, tid, users);
        }
        System.out.println("done " + iterations);
    }

    /** One round: each user unbound (safely) and bound again. */
    static void churnOnce(TgtClient tgt, int tid, java.util.List<String> users) {
        for (String user : users) {
            tgt.unbindAccountSafely(tid, user);
            tgt.bindAccount(tid, user, AccountDirection.INCOMING);
        }
    }
}
