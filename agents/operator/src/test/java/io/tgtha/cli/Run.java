// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli;

import io.tgtha.ocf.OcfEnvironment;
import io.tgtha.ocf.exec.CommandRunner;
import io.tgtha.ocf.exec.ProcessCommandRunner;
import io.tgtha.ocf.log.OcfLog;
import io.tgtha.testkit.TgtLab;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One in-process tgtha run with captured output. */
record Run(int exitCode, String out, String err) {

    static Run tgtha(Path lockDir, String... args) {
        return tgtha(new ProcessCommandRunner(null, new OcfLog(new OcfEnvironment(Map.of()), "tgtha", System.err)),
                lockDir, args);
    }

    static Run tgtha(CommandRunner runner, Path lockDir, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext ctx = new CliContext(new PrintWriter(out, true), new PrintWriter(err, true), false,
                Map.of("HOME", System.getProperty("user.home")), runner, lockDir);
        int code = TgtHa.execute(args, ctx);
        return new Run(code, out.toString(), err.toString());
    }

    /** ARGS, then {@code -C} and {@code --netns} of the lab's tgtd: tgtha as run on the lab's target node. */
    static String[] onLab(TgtLab lab, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-C", Integer.toString(lab.tgtd().controlPort()), "--netns", lab.targetNs().name()));
        return all.toArray(String[]::new);
    }

    Map<String, Object> json() {
        return MiniJson.object(out);
    }

    String describe() {
        return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
}
