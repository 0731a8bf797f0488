// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * An agent under test as an executable OCF script, for tools that run agents by path: resource-agents'
 * {@code ocf-tester}, {@code crm_resource}. The script runs {@code mainClass} on a copy of the test
 * JVM's class path in a world-readable directory, because ocf-tester runs meta-data as user nobody,
 * who cannot read ~root/.m2. Lives under /tmp; closing deletes it.
 */
public final class OcfAgentScript implements AutoCloseable {
    private final Path dir;
    private final Path script;

    private OcfAgentScript(Path dir, Path script) {
        this.dir = dir;
        this.script = script;
    }

    /**
     * @param name the script's file name (the agent's name, as ocf-tester prints it)
     * @param env  exported by the script before the JVM starts (e.g. TGTHA_RUN_DIR)
     */
    public static OcfAgentScript create(String prefix, String name, String mainClass, Map<String, String> env) {
        Lab.validatePrefix(prefix);
        try {
            Path dir = Files.createTempDirectory(Path.of("/tmp"), prefix + "-agent-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            List<String> classPath = new ArrayList<>();
            int n = 0;
            for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
                Path src = Path.of(entry).toAbsolutePath();
                if (!Files.exists(src)) {
                    continue;
                }
                Path dst = dir.resolve("cp" + n++ + (Files.isDirectory(src) ? "" : ".jar"));
                copyTree(src, dst);
                classPath.add(dst.toString());
            }
            StringBuilder sh = new StringBuilder("#!/bin/sh\n");
            env.forEach((k, v) -> sh.append("export ").append(k).append("='").append(v).append("'\n"));
            sh.append("exec ").append(Path.of(System.getProperty("java.home"), "bin", "java"))
                    .append(" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -cp '")
                    .append(String.join(":", classPath)).append("' ").append(mainClass).append(" \"$@\"\n");
            Path script = dir.resolve(name);
            Files.writeString(script, sh);
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.toList()) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                            Files.isDirectory(p) || p.equals(script) ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
            return new OcfAgentScript(dir, script);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path path() {
        return script;
    }

    /** {@code ocf-tester -n NAME -o k=v ... SCRIPT}, to run directly or inside a namespace. */
    public String[] ocfTesterCommand(String resourceName, String... params) {
        List<String> cmd = new ArrayList<>(List.of("ocf-tester", "-n", resourceName));
        for (String p : params) {
            cmd.add("-o");
            cmd.add(p);
        }
        cmd.add(script.toString());
        return cmd.toArray(String[]::new);
    }

    private static void copyTree(Path src, Path dst) throws IOException {
        if (!Files.isDirectory(src)) {
            Files.copy(src, dst);
            return;
        }
        try (Stream<Path> all = Files.walk(src)) {
            for (Path p : all.toList()) {
                Path target = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    @Override
    public void close() {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a leftover in /tmp harms nothing
        }
    }
}
