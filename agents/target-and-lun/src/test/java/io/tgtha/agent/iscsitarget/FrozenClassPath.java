// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.iscsitarget;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The test JVM's class path for agents started as their own JVMs, with every jar copied once to /tmp.
 * The jars live in ~/.m2, where colleagues' {@code mvn install} of ocf-runtime or tgt-client rewrites
 * them while our suite runs: a child JVM opening a half-written jar failed with
 * {@code NoClassDefFoundError: io/tgtha/ocf/lock/FileMutex$Held} (ConcurrentStartLabTest, once). Each
 * copy is checked to open as a complete zip and taken again when it does not. Directories (this
 * module's own classes) are used in place.
 */
final class FrozenClassPath {
    private static final int ATTEMPTS = 20;
    private static String frozen;

    private FrozenClassPath() {
    }

    static synchronized String get() {
        if (frozen == null) {
            frozen = freeze(System.getProperty("java.class.path"));
        }
        return frozen;
    }

    private static String freeze(String classPath) {
        try {
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "ag-cp-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
            List<String> out = new ArrayList<>();
            int n = 0;
            for (String entry : classPath.split(File.pathSeparator)) {
                Path src = Path.of(entry);
                if (!entry.endsWith(".jar") || !Files.isRegularFile(src)) {
                    out.add(entry);
                    continue;
                }
                Path dst = dir.resolve(n++ + "-" + src.getFileName());
                copyComplete(src, dst);
                out.add(dst.toString());
            }
            return String.join(File.pathSeparator, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyComplete(Path src, Path dst) throws IOException {
        for (int attempt = 1; ; attempt++) {
            Files.copy(src, dst, StandardCopyOption.REPLACE_EXISTING);
            try (ZipFile zip = new ZipFile(dst.toFile())) {
                return; // its central directory, written last, is there and readable
            } catch (ZipException e) {
                if (attempt == ATTEMPTS) {
                    throw new IOException(src + " is no complete jar after " + ATTEMPTS + " copies", e);
                }
            }
            try {
                Thread.sleep(250); // an install is rewriting it: let it finish
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // /tmp only
        }
    }
}
