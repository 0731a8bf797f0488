// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a checking lab script ({@code drain-check}, {@code migrate-check}, {@code refconfig-check}) found: the names of
 * its passed checks and its failed checks with their detail, read from the {@code check NAME ok|FAILED DETAIL} lines
 * that {@code check()} in {@code bin/lab-lib.sh} prints among the script's other output. A run that timed out or
 * exited non-zero is a failure too, so a test needs only two assertions: nothing failed, and every check it expects
 * passed (a script that stopped early passes too few).
 */
record LabScriptRun(List<String> passed, List<String> failed, List<String> output) {
    private static final Pattern CHECK = Pattern.compile("check (\\S+) (ok|FAILED) ?(.*)");
    private static final int TAIL_LINES = 40;

    /** Runs SCRIPT from test-cluster/bin with ARGS, its output into LOG, killed (and the lab torn down) after LIMIT. */
    static LabScriptRun of(Duration limit, Path log, String script, String... args)
            throws IOException, InterruptedException {
        LabScript.Outcome outcome = LabScript.locate().run(limit, log, script, args);
        List<String> output = Files.readAllLines(log);
        if (outcome.timedOut()) {
            return parse(script, output, "timed out after " + limit.toSeconds() + " s");
        }
        return parse(script, output, outcome.exitCode() == 0 ? null : "exit code " + outcome.exitCode());
    }

    /** The checks in OUTPUT; ENDING, when not null, is how SCRIPT ended badly and counts as one more failure. */
    static LabScriptRun parse(String script, List<String> output, String ending) {
        List<String> passed = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (String line : output) {
            Matcher check = CHECK.matcher(line);
            if (check.matches() && check.group(2).equals("ok")) {
                passed.add(check.group(1));
            } else if (check.matches()) {
                failed.add(check.group(1) + ": " + check.group(3));
            }
        }
        if (ending != null) {
            failed.add(script + " " + ending);
        }
        return new LabScriptRun(List.copyOf(passed), List.copyOf(failed), List.copyOf(output));
    }

    /** The last lines of the output, for an assertion's message (the whole output stays in the log file). */
    String tail() {
        return String.join("\n", output.subList(Math.max(0, output.size() - TAIL_LINES), output.size()));
    }
}
