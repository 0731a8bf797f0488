// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.packetfilter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds tools on PATH plus the sbin directories, which Pacemaker's environment does not always include. */
public final class Executables {
    private static final String EXTRA = "/usr/sbin:/sbin:/usr/bin:/bin";

    private Executables() {
    }

    public static Optional<Path> find(String name) {
        return find(name, System.getenv("PATH"));
    }

    static Optional<Path> find(String name, String pathVariable) {
        if (name.contains("/")) {
            Path p = Path.of(name);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = (pathVariable == null ? "" : pathVariable) + ":" + EXTRA;
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
