// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Which agents a cluster lab test runs: the tgt-ha agents of this very build, unless the stock ones are asked for
 * with {@code -Dtgtha.clusterAgents=stock-patched} (or {@code stock}). Never a silent fallback: without the agents
 * installed, or with an install of another build, the test fails and says how to install.
 *
 * <p>"This build" is told by the build id ocf-wrappers/install.sh writes to {@code LIBDIR/build-id}: the first 16
 * hex digits of sha256 over ({@code sha256sum} of tgtha.jar, the line {@code LIBDIR}), computed here from the jar
 * the build made.
 */
final class AgentsUnderTest {
    static final String PROPERTY = "tgtha.clusterAgents";
    static final Path OCF_DIR = Path.of("/usr/lib/ocf/resource.d/tgtha");
    static final Path LIB_DIR = Path.of("/usr/lib/tgtha");
    static final List<String> AGENTS = List.of("target", "lun", "account", "portblock");

    private AgentsUnderTest() {
    }

    /** For the lab tests: this machine's install against the jar this checkout built. */
    static String choose() {
        return choose(System.getProperty(PROPERTY, "tgtha"), OCF_DIR, LIB_DIR, builtJar());
    }

    static String choose(String asked, Path ocfDir, Path libDir, Path builtJar) {
        if (asked.equals("stock-patched") || asked.equals("stock")) {
            return asked;
        }
        if (!asked.equals("tgtha")) {
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + asked + ": must be tgtha (default), stock-patched or stock");
        }
        String install = "build and install this checkout's agents (mvn -DskipTests package, then ocf-wrappers/install.sh as root),"
                + " or test the stock agents on purpose with -D" + PROPERTY + "=stock-patched";
        for (String agent : AGENTS) {
            if (!Files.isExecutable(ocfDir.resolve(agent))) {
                throw new AssertionError("tgt-ha agent " + ocfDir.resolve(agent) + " is not installed: " + install);
            }
        }
        if (!Files.isRegularFile(builtJar)) {
            throw new AssertionError("no " + builtJar + ": cannot tell whether the installed agents are this build; " + install);
        }
        String installed;
        try {
            installed = Files.readString(libDir.resolve("build-id"), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new AssertionError("no build id in " + libDir + " (" + e.getMessage() + "): " + install);
        }
        String built = buildId(builtJar, libDir);
        if (!installed.equals(built)) {
            throw new AssertionError("the installed tgt-ha agents are build " + installed + ", this checkout's jar is build "
                    + built + " (" + builtJar + "): a stale install; " + install);
        }
        return "tgtha";
    }

    /** What install.sh writes as the build id of {@code jar} installed in {@code libDir}. */
    static String buildId(Path jar, Path libDir) {
        String jarSum = HexFormat.of().formatHex(sha256(jar));
        byte[] line = (jarSum + "  -\n" + libDir + "\n").getBytes(StandardCharsets.UTF_8);
        return HexFormat.of().formatHex(sha256(line)).substring(0, 16);
    }

    private static byte[] sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                d.update(buf, 0, n);
            }
            return d.digest();
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file + ": " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-256
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** ocf-wrappers/target/tgtha.jar, whether Maven runs in the module or at the repository root. */
    static Path builtJar() {
        Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        Path repo = Files.isDirectory(base.resolve("bin")) ? base.getParent() : base;
        return repo.resolve("ocf-wrappers/target/tgtha.jar");
    }
}
