// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.process;

import java.time.Duration;

/** Run by {@link ProcessRunnerTest} in a JVM with a tiny heap: 256 MiB of output, 4 KiB kept. */
public final class BoundedOutputMain {
    private BoundedOutputMain() {
    }

    public static void main(String[] args) throws Exception {
        ProcessResult r = new ProcessRunner().run(ProcessRequest.of(Duration.ofMinutes(2), "head", "-c",
                Integer.toString(256 << 20), "/dev/zero").withOutputLimit(4096));
        System.out.println("total=" + r.stdout().total() + " kept=" + r.stdout().bytes().length
                + " truncated=" + r.stdout().truncated());
    }
}
