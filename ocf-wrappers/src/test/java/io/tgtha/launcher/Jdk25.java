// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.launcher;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The JDK 25 or later that InstallIT's AOT-cache test needs: {@code -Dtgtha.jdk25=DIR}, else the first JDK under
 * /usr/lib/jvm (by name) whose {@code release} file says {@code JAVA_VERSION="25..."} or later and whose
 * {@code bin/java} runs. The machines this project runs on have Temurin's there (temurin-25-jdk-amd64); no Debian
 * package of bookworm brings one, so install-test-deps cannot.
 *
 * <p>Without one the test cannot run: a skip that says what was searched, or with {@code -Dtgtha.requireJdk25=true}
 * a failure. Not a failure by default: the machine kind only has it "on most machines", and a CI red for a JDK the
 * project cannot install would block everything else.
 */
final class Jdk25 {
    static final Path JVM_DIR = Path.of("/usr/lib/jvm");
    private static final Pattern VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)[.\"+-]");

    private Jdk25() {
    }

    /** The java of a JDK 25+, or the test stops here: a failure when required, else a skip. */
    static Path javaOrStop() {
        Optional<Path> home = find();
        if (home.isEmpty()) {
            String why = "no JDK 25 or later: searched " + searched() + "; point -Dtgtha.jdk25=DIR at one";
            if (required()) {
                throw new AssertionError(why + " (required by -Dtgtha.requireJdk25=true)");
            }
            Assumptions.abort(why + " (skipped; -Dtgtha.requireJdk25=true makes this a failure)");
        }
        return home.get().resolve("bin/java");
    }

    /** The JDK's home, when there is one (for a step that is only part of a test). */
    static Optional<Path> find() {
        String given = System.getProperty("tgtha.jdk25", "");
        if (!given.isEmpty()) {
            Path home = Path.of(given);
            if (majorOf(home) < 25) {
                throw new AssertionError("-Dtgtha.jdk25=" + given + " is no JDK 25 or later (no bin/java, or its "
                        + "release file says version " + majorOf(home) + ")");
            }
            return Optional.of(home);
        }
        return find(JVM_DIR);
    }

    static Optional<Path> find(Path jvmDir) {
        List<Path> homes = new ArrayList<>();
        try (Stream<Path> s = Files.list(jvmDir)) {
            s.sorted().forEach(homes::add);
        } catch (IOException e) {
            return Optional.empty();
        }
        for (Path home : homes) {
            if (majorOf(home) >= 25) {
                return Optional.of(home);
            }
        }
        return Optional.empty();
    }

    /** The major version in {@code home/release}, or 0 when there is none or no runnable bin/java. */
    static int majorOf(Path home) {
        if (!Files.isExecutable(home.resolve("bin/java"))) {
            return 0;
        }
        try {
            Matcher m = VERSION.matcher(Files.readString(home.resolve("release")));
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    static boolean required() {
        return Boolean.parseBoolean(System.getProperty("tgtha.requireJdk25", "false"));
    }

    private static String searched() {
        return JVM_DIR + "/*/release (JAVA_VERSION 25 or later, with bin/java)";
    }
}
