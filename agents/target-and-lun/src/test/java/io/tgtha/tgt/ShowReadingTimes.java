// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import java.util.ArrayList;
import java.util.List;

/**
 * Test-only, for MonitorScaleBench: how long the tgt client's reader takes for one {@code show --mode target} text,
 * all targets and one, with no socket in between. In this package because the reader is the client's own
 * (package-private); on the test class path the package spans both modules.
 */
public final class ShowReadingTimes {
    private ShowReadingTimes() {
    }

    /** Median nanoseconds of {@code [read all, read the one called iqn]} over {@code runs}, after as many warm-ups. */
    public static long[] medians(String showText, String lldText, String iqn, int runs) {
        List<TargetName> listed = TargetNameList.parse(lldText);
        if (TargetShowReader.readOne(showText, listed, iqn).isEmpty()) {
            throw new IllegalStateException(iqn + " is not in the show");
        }
        return new long[] {median(() -> TargetShowReader.read(showText, listed), runs),
            median(() -> TargetShowReader.readOne(showText, listed, iqn), runs)};
    }

    private static long median(Runnable read, int runs) {
        for (int i = 0; i < runs; i++) {
            read.run();
        }
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            read.run();
            times.add(System.nanoTime() - t0);
        }
        times.sort(null);
        return times.get(runs / 2);
    }
}
