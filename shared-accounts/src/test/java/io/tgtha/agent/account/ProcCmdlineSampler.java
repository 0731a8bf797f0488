// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.account;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads every {@code /proc/PID/cmdline} in a tight loop on its own thread, the way {@code ps} or any
 * local user would, and records each command line that contains one of the watched strings. Also
 * remembers which "marker" strings it saw, to prove it was sampling while the interesting process ran.
 */
final class ProcCmdlineSampler implements AutoCloseable {
    private final List<String> secrets;
    private final List<String> markers;
    private final List<String> hits = new CopyOnWriteArrayList<>();
    private final Set<String> markersSeen = ConcurrentHashMap.newKeySet();
    private final AtomicLong passes = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    ProcCmdlineSampler(List<String> secrets, List<String> markers) {
        this.secrets = List.copyOf(secrets);
        this.markers = List.copyOf(markers);
        this.thread = new Thread(this::loop, "proc-cmdline-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
                for (Path p : procs) {
                    String cmdline;
                    try {
                        cmdline = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)
                                .replace('\0', ' ');
                    } catch (IOException gone) {
                        continue;
                    }
                    for (String s : secrets) {
                        if (cmdline.contains(s)) {
                            hits.add(p.getFileName() + ": " + cmdline.replace(s, "<SECRET " + secrets.indexOf(s) + ">"));
                        }
                    }
                    for (String m : markers) {
                        if (cmdline.contains(m)) {
                            markersSeen.add(m);
                        }
                    }
                }
            } catch (IOException e) {
                hits.add("sampler failed: " + e);
                return;
            }
            passes.incrementAndGet();
        }
    }

    /** Command lines that showed a secret (with the secret itself replaced, so reports don't leak it). */
    List<String> hits() {
        return List.copyOf(hits);
    }

    Set<String> markersSeen() {
        return Set.copyOf(markersSeen);
    }

    long passes() {
        return passes.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
    }
}
