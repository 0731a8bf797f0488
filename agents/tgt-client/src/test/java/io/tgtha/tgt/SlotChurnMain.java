package io.tgtha.tgt;

import java.time.Duration;

/**
 * Child-process worker for {@link ConcurrentAccountChangesNeverLeaveAHoleTest}: repeatedly unbinds (safely)
 * and re-binds its own accounts on one target. Args: controlPort tid iterations user...
 */
public final class SlotChurnMain {
    public static void main(String[] args) {
        TgtClient tgt = TgtClient.forControlPort(Integer.parseInt(args[0]), Duration.ofSeconds(10));
        int tid = Integer.parseInt(args[1]);
        int iterations = Integer.parseInt(args[2]);
        for (int i = 0; i < iterations; i++) {
            for (int u = 3; u < args.length; u++) {
                tgt.unbindAccountSafely(tid, args[u]);
                tgt.bindAccount(tid, args[u], AccountDirection.INCOMING);
            }
        }
        System.out.println("done " + iterations);
    }
}
