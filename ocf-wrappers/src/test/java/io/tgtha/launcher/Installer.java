// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs ocf-wrappers/install.sh and uninstall.sh as an operator would. */
final class Installer {
    static final Path MODULE = Path.of(System.getProperty("tgtha.moduleDir", ".")).toAbsolutePath();
    static final Path JAR = Path.of(System.getProperty("tgtha.jar", MODULE.resolve("target/tgtha.jar").toString()));

    private Installer() {
    }

    static Proc install(Map<String, String> env, String... options) {
        return script("install.sh", env, options);
    }

    static Proc uninstall(Map<String, String> env, String... options) {
        return script("uninstall.sh", env, options);
    }

    /** Options installing everything below {@code root}, runnable in place (no DESTDIR). */
    static String[] relocated(Path root) {
        return new String[] {"--prefix", root.resolve("usr").toString(), "--sysconfdir", root.resolve("etc").toString(),
                "--ocf-root", root.resolve("ocf").toString(), "--jar", JAR.toString()};
    }

    private static Proc script(String name, Map<String, String> env, String... options) {
        List<String> cmd = new ArrayList<>();
        cmd.add(MODULE.resolve(name).toString());
        cmd.addAll(List.of(options));
        Map<String, String> e = new HashMap<>(env);
        e.putIfAbsent("DESTDIR", "");
        return Proc.run(Duration.ofMinutes(3), e, MODULE, cmd.toArray(String[]::new));
    }
}
