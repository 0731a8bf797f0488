// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.launcher;

import io.tgtha.ocf.OcfEnvironment;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Runs the launcher in-process and captures what it prints. */
record Launch(int rc, String stdout, String stderr) {

    static Launch of(AgentCatalog catalog, Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            rc = AgentLauncher.launch(catalog, args, new OcfEnvironment(env), o, e);
        }
        return new Launch(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    long exitReasonLines(String prefix) {
        return stderr.lines().filter(l -> l.startsWith(prefix)).count();
    }

    /** What a Java stack trace or an uncaught exception would leave in either stream. */
    boolean showsStackTrace() {
        String both = stdout + stderr;
        return both.contains("\tat ") || both.contains("Exception in thread") || both.contains("Caused by:");
    }
}
