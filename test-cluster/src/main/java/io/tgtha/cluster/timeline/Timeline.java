// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cluster.timeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * {@code Timeline --out DIR RUN_DIR...}: a PNG per move ({@code move-M.png}) and {@code index.html} in DIR, from the
 * run directories of {@code test-cluster/bin/failover}. With several run directories (one per agent set), move M of
 * every run is drawn in one picture, one set above the other on the same time axis.
 */
public final class Timeline {
    private Timeline() {
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        if (args.length < 3 || !args[0].equals("--out")) {
            System.err.println("usage: timeline --out DIR RUN_DIR [RUN_DIR...]");
            System.exit(2);
        }
        List<Path> runs = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            runs.add(Path.of(args[i]));
        }
        try {
            Path index = render(Path.of(args[1]), runs);
            System.out.println(index);
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("timeline: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Writes the pictures and the index; returns the index. */
    public static Path render(Path out, List<Path> runDirs) throws IOException {
        List<FailoverRun> runs = new ArrayList<>();
        for (Path d : runDirs) {
            runs.add(FailoverRun.read(d));
        }
        TreeSet<Integer> numbers = new TreeSet<>();
        runs.forEach(r -> numbers.addAll(r.moveNumbers()));
        Files.createDirectories(out);
        List<TimelineIndex.Entry> entries = new ArrayList<>();
        for (int n : numbers) {
            List<MoveTimeline> sets = new ArrayList<>();
            for (FailoverRun r : runs) {
                MoveTimeline m = r.move(n);
                if (m != null) {
                    sets.add(m);
                }
            }
            String png = "move-" + n + ".png";
            TimelineChart.writePng(sets, out.resolve(png));
            entries.add(new TimelineIndex.Entry(png, sets));
        }
        String title = "Failover timelines: " + String.join(" / ", runs.stream().map(FailoverRun::agents).toList());
        Path index = out.resolve("index.html");
        Files.writeString(index, TimelineIndex.html(title, runDirs.stream().map(Path::toString).toList(), entries),
                StandardCharsets.UTF_8);
        return index;
    }
}
