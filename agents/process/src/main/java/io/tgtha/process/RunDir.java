// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.process;

import java.nio.file.Path;

/**
 * tgt-ha's run-time directory on a node (locks, offline-hold notes, portblock marks, account records, the tgtd
 * version cache, the agent host's endpoint): {@code $TGTHA_RUN_DIR} when it is an absolute path, else
 * {@code /run/tgtha}. The one place that decides it: every reader must agree, or two agents on one node would lock
 * different files. The shell wrappers apply the same rule (ocf-wrappers/src/sh/run-dir.sh, written into them by install.sh).
 */
public final class RunDir {
    public static final String VARIABLE = "TGTHA_RUN_DIR";
    public static final Path DEFAULT = Path.of("/run/tgtha");

    private RunDir() {
    }

    /** From this process's environment. */
    public static Path current() {
        return of(System.getenv(VARIABLE));
    }

    /**
     * From a value of TGTHA_RUN_DIR (null when unset). A relative or empty value is ignored: it would name a
     * different directory for every working directory an agent happens to run in.
     */
    public static Path of(String value) {
        return value != null && value.startsWith("/") ? Path.of(value) : DEFAULT;
    }
}
