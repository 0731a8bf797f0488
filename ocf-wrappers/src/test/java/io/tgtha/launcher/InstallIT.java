// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.launcher;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * install.sh and uninstall.sh into temporary directories (no root needed): the staged (DESTDIR)
 * layout, idempotence, the admin's /etc/default/tgtha kept, the Java check, and a relocated install
 * whose wrappers run — including with a stale or foreign AppCDS archive, which must never put a
 * byte on stdout.
 */
class InstallIT {
    static final List<String> AGENTS = AgentCatalog.TGTHA.presentNames();
    static final boolean CLI = AgentCatalog.classPresent(AgentCatalog.OPERATOR_COMMAND_CLASS);

    @TempDir
    Path tmp;

    @BeforeAll
    static void jarIsBuilt() {
        assertThat(Installer.JAR).as("built by mvn package").isRegularFile();
    }

    @Test
    void stagedInstallHasExactlyTheDocumentedLayout() throws Exception {
        Proc p = Installer.install(Map.of("DESTDIR", tmp.toString()), "--jar", Installer.JAR.toString());
        assertThat(p.rc()).as(p.describe()).isZero();
        assertThat(p.stdout()).contains("DESTDIR set: no AppCDS archive made");

        Map<String, String> expected = new TreeMap<>();
        expected.put("etc/default/tgtha", "rw-r--r--");
        expected.put("usr/lib/tmpfiles.d/tgtha.conf", "rw-r--r--");
        expected.put("usr/lib/tgtha/tgtha.jar", "rw-r--r--");
        expected.put("usr/lib/tgtha/tgtha-agent", "rwxr-xr-x");
        expected.put("usr/lib/tgtha/make-archives", "rwxr-xr-x");
        expected.put("usr/lib/tgtha/find-java.sh", "rw-r--r--");
        expected.put("usr/lib/tgtha/build-id", "rw-r--r--");
        expected.put("usr/lib/systemd/system/tgtha-agent-host.service", "rw-r--r--");
        for (String a : AGENTS) {
            expected.put("usr/lib/ocf/resource.d/tgtha/" + a, "rwxr-xr-x");
            expected.put("usr/share/tgtha/metadata/" + a + ".xml", "rw-r--r--");
        }
        if (CLI) {
            expected.put("usr/sbin/tgtha", "rwxr-xr-x");
            // man pages and completion come from agents/operator's build (generated from the picocli model)
            for (String page : List.of("tgtha", "tgtha-status", "tgtha-drain", "tgtha-ready", "tgtha-failover", "tgtha-metrics", "tgtha-migrate",
                    "tgtha-generate-completion")) {
                expected.put("usr/share/man/man1/" + page + ".1", "rw-r--r--");
            }
            expected.put("usr/share/bash-completion/completions/tgtha", "rw-r--r--");
        }
        assertThat(tree(tmp)).isEqualTo(expected);

        for (String a : AGENTS) {
            String wrapper = Files.readString(tmp.resolve("usr/lib/ocf/resource.d/tgtha/" + a));
            assertThat(wrapper).startsWith("#!/bin/bash\n")
                    .contains("exec cat '/usr/share/tgtha/metadata/" + a + ".xml'")
                    .contains("exec '/usr/lib/tgtha/tgtha-agent' " + a + " \"$@\"")
                    .doesNotContain(tmp.toString()).doesNotContainPattern("@[A-Z]+@");
            assertThat(tmp.resolve("usr/share/tgtha/metadata/" + a + ".xml")).hasSameTextualContentAs(
                    Path.of(System.getProperty("tgtha.metadataDir")).resolve(a + ".xml"));
            assertThat(Xmllint.problemsWith(tmp.resolve("usr/share/tgtha/metadata/" + a + ".xml"))).isEmpty();
        }
        String launcher = Files.readString(tmp.resolve("usr/lib/tgtha/tgtha-agent"));
        assertThat(launcher).contains("-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss256k -Xmx32m -XX:-UsePerfData")
                .contains("-Xshare:auto -XX:SharedArchiveFile='/usr/lib/tgtha/tgtha.jsa' -Xlog:disable -Xlog:all=warning:stderr")
                .contains("-cp '/usr/lib/tgtha/tgtha.jar' io.tgtha.launcher.AgentLauncher \"$@\"")
                .doesNotContain(tmp.toString());
        assertThat(Proc.run(Duration.ofSeconds(10), "sh", "-n", tmp.resolve("usr/lib/tgtha/tgtha-agent").toString()).rc())
                .isZero();
        assertThat(tmp.resolve("usr/lib/tgtha/tgtha.jar")).hasSameBinaryContentAs(Installer.JAR);
    }

    @Test
    void reinstallingChangesNothingAndKeepsTheAdminsDefaults() throws Exception {
        Map<String, String> env = Map.of("DESTDIR", tmp.toString());
        assertThat(Installer.install(env, "--jar", Installer.JAR.toString()).rc()).isZero();
        Path defaults = tmp.resolve("etc/default/tgtha");
        Files.writeString(defaults, "TGTHA_JAVA_OPTS=-Dadmin=edited\n");
        Map<String, String> before = digests(tmp);
        Proc again = Installer.install(env, "--jar", Installer.JAR.toString());
        assertThat(again.rc()).as(again.describe()).isZero();
        assertThat(digests(tmp)).isEqualTo(before);
        assertThat(defaults).hasContent("TGTHA_JAVA_OPTS=-Dadmin=edited");

        Proc un = Installer.uninstall(env);
        assertThat(un.rc()).as(un.describe()).isZero();
        assertThat(tree(tmp).keySet()).containsExactly("etc/default/tgtha");
        assertThat(Installer.uninstall(env, "--purge").rc()).isZero();
        assertThat(tree(tmp)).isEmpty();
    }

    @Test
    void installedModesDoNotDependOnTheCallersUmask() throws Exception {
        // issue 17: install.sh sets its own umask; a root shell with umask 077 or 000 installs the same tree
        Map<String, String> reference = null;
        for (String umask : List.of("022", "077", "000")) {
            Path root = tmp.resolve("umask-" + umask);
            Proc p = Proc.run(Duration.ofMinutes(3), Map.of("DESTDIR", root.toString()), Installer.MODULE,
                    "sh", "-c", "umask " + umask + " && exec \"$0\" \"$@\"", Installer.MODULE.resolve("install.sh").toString(),
                    "--jar", Installer.JAR.toString());
            assertThat(p.rc()).as(p.describe()).isZero();
            Map<String, String> modes = treeWithDirectories(root);
            assertThat(modes).as("umask " + umask).containsEntry("usr/lib/tgtha", "rwxr-xr-x")
                    .containsEntry("usr/lib/ocf/resource.d/tgtha", "rwxr-xr-x")
                    .containsEntry("usr/lib/tgtha/tgtha.jar", "rw-r--r--");
            if (reference == null) {
                reference = modes;
            }
            assertThat(modes).as("umask " + umask).isEqualTo(reference);
        }
    }

    @Test
    void uninstallNeverRemovesAForeignFileOfTheSameName() throws Exception {
        Path foreign = tmp.resolve("usr/lib/ocf/resource.d/tgtha/portblock");
        Files.createDirectories(foreign.getParent());
        Files.writeString(foreign, "#!/bin/sh\n# somebody else's agent\n");
        assertThat(Installer.uninstall(Map.of("DESTDIR", tmp.toString())).rc()).isZero();
        assertThat(foreign).exists();
    }

    @Test
    void missingJavaIsReportedWithThePackageToInstallAndNothingIsInstalled() throws Exception {
        Files.createDirectories(tmp.resolve("etc/default"));
        Files.writeString(tmp.resolve("etc/default/tgtha"), "TGTHA_JAVA=/nonexistent/bin/java\n");
        Proc p = Installer.install(Map.of("DESTDIR", tmp.toString()), "--jar", Installer.JAR.toString());
        assertThat(p.rc()).isEqualTo(1);
        assertThat(p.stderr()).contains("Java 17 or later is required").contains("apt-get install openjdk-17-jre-headless");
        assertThat(tree(tmp).keySet()).containsExactly("etc/default/tgtha");
    }

    @Test
    void tooOldJavaIsRefusedWithItsVersion() throws Exception {
        Path fake = tmp.resolve("java11");
        Files.writeString(fake, "#!/bin/sh\necho 'openjdk version \"11.0.21\" 2023-10-17' >&2\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path root = tmp.resolve("root");
        Files.createDirectories(root.resolve("etc/default"));
        Files.writeString(root.resolve("etc/default/tgtha"), "TGTHA_JAVA=" + fake + "\n");
        Proc p = Installer.install(Map.of("DESTDIR", root.toString()), "--jar", Installer.JAR.toString());
        assertThat(p.rc()).isEqualTo(1);
        assertThat(p.stderr()).contains("is Java 11.0.21; tgt-ha needs Java 17 or later")
                .contains("openjdk-17-jre-headless");
    }

    @Test
    void unsafeDirectoriesAreRefused() {
        Proc p = Installer.install(Map.of(), "--prefix", tmp.resolve("a b").toString(), "--jar", Installer.JAR.toString());
        assertThat(p.rc()).isEqualTo(1);
        assertThat(p.stderr()).contains("contains characters install.sh does not support");
    }

    @Test
    void relocatedInstallRunsAndItsArchiveMapsInThisJdk() throws Exception {
        Proc p = Installer.install(inTmp(), Installer.relocated(tmp));
        assertThat(p.rc()).as(p.describe()).isZero();
        assertThat(p.stdout()).contains("AppCDS archive " + tmp.resolve("usr/lib/tgtha/tgtha.jsa") + " created and verified");
        assertThat(tmp.resolve("usr/lib/tgtha/tgtha.jsa.classlist")).as("the training's class list is removed").doesNotExist();
        assertThat(tmp.resolve("run/locks")).as("install.sh follows TGTHA_RUN_DIR").isDirectory();
        Path agentLauncher = tmp.resolve("usr/lib/tgtha/tgtha-agent");
        // a static archive (one layer, our classes only; see tgtha-agent --create-cds-archive)
        Proc cds = Proc.run(Duration.ofSeconds(30), inTmp("TGTHA_JAVA_OPTS", "-Xshare:on -Xlog:cds=info:stderr"), null,
                agentLauncher.toString());
        assertThat(cds.stderr()).as(cds.describe()).contains("Mapped static").doesNotContain("Mapped dynamic");
        // the documented G1 opt-in starts, maps the archive and uses its archived heap objects
        Proc g1 = Proc.run(Duration.ofSeconds(30), inTmp("TGTHA_JAVA_OPTS",
                "-Xshare:on -XX:-UseSerialGC -XX:+UseG1GC -Xlog:cds=info:stderr"), null, agentLauncher.toString());
        assertThat(g1.rc()).as(g1.describe()).isEqualTo(2);
        assertThat(g1.stderr()).as(g1.describe()).contains("full module graph: enabled");
        // -Xshare:on makes the JVM refuse to start unless the archive maps
        Proc strict = Proc.run(Duration.ofSeconds(30), inTmp("TGTHA_JAVA_OPTS", "-Xshare:on"), null,
                agentLauncher.toString(), "no-such-agent", "monitor");
        assertThat(strict.rc()).as(strict.describe()).isEqualTo(5);
        assertThat(strict.out()).isEmpty();
        for (String a : AGENTS) {
            Proc strictMeta = Proc.run(Duration.ofSeconds(30), inTmp("TGTHA_JAVA_OPTS", "-Xshare:on"), null,
                    agentLauncher.toString(), a, "meta-data");
            assertThat(strictMeta.rc()).as(strictMeta.describe()).isZero();
            assertThat(strictMeta.stdout()).isEqualTo(AgentCatalog.TGTHA.instantiate(a).metadata().toXml());
        }
    }

    @Test
    void metaDataThroughTheWrapperNeedsNoJvm() throws Exception {
        assertThat(Installer.install(inTmp(), Installer.relocated(tmp)).rc()).isZero();
        // a java that cannot run: if the wrapper started a JVM for meta-data, it would fail
        Files.writeString(tmp.resolve("etc/default/tgtha"), "TGTHA_JAVA=/bin/false\n");
        for (String a : AGENTS) {
            Proc meta = Proc.run(Duration.ofSeconds(10), inTmp(), null, tmp.resolve("ocf/resource.d/tgtha/" + a).toString(), "meta-data");
            assertThat(meta.rc()).as(meta.describe()).isZero();
            assertThat(meta.stdout()).isEqualTo(AgentCatalog.TGTHA.instantiate(a).metadata().toXml());
            Proc monitor = Proc.run(Duration.ofSeconds(10), inTmp(), null, tmp.resolve("ocf/resource.d/tgtha/" + a).toString(), "monitor");
            assertThat(monitor.rc()).as("monitor does go to the (broken) JVM").isEqualTo(1);
        }
    }

    /** Without a JVM the launcher still answers in OCF terms: probe 7, stop 0, anything else 5, one reason line. */
    @Test
    void javaMissingAtRunTimeStillGivesOcfAnswers() throws Exception {
        assertThat(Installer.install(inTmp(), Installer.relocated(tmp)).rc()).isZero();
        Files.writeString(tmp.resolve("etc/default/tgtha"), "TGTHA_JAVA=/nonexistent/bin/java\n");
        String launcher = tmp.resolve("usr/lib/tgtha/tgtha-agent").toString();
        record Case(String action, String interval, int rc) { }
        for (Case c : List.of(new Case("monitor", null, 7), new Case("monitor", "0", 7), new Case("status", null, 7),
                new Case("monitor", "10000", 5), new Case("stop", null, 0), new Case("start", null, 5),
                new Case("validate-all", null, 5))) {
            Map<String, String> env = c.interval() == null ? inTmp() : inTmp("OCF_RESKEY_CRM_meta_interval", c.interval());
            Proc p = Proc.run(Duration.ofSeconds(10), env, null, launcher, "portblock", c.action());
            assertThat(p.rc()).as(c + ": " + p.describe()).isEqualTo(c.rc());
            assertThat(p.out()).isEmpty();
            assertThat(p.stderr()).isEqualTo("ocf-exit-reason:tgt-ha: java not found (/nonexistent/bin/java): install "
                    + "openjdk-17-jre-headless or set TGTHA_JAVA in " + tmp.resolve("etc") + "/default/tgtha\n");
        }
    }

    /** A stale, corrupt or foreign archive costs speed, never correctness: stdout stays exactly the XML. */
    @Test
    void staleOrForeignArchiveNeverReachesStdout() throws Exception {
        assertThat(Installer.install(inTmp(), Installer.relocated(tmp)).rc()).isZero();
        Path lib = tmp.resolve("usr/lib/tgtha");
        Path archive = lib.resolve("tgtha.jsa");

        // 1. the jar changed after the archive was made (an upgrade without re-running install.sh)
        Files.setLastModifiedTime(lib.resolve("tgtha.jar"), java.nio.file.attribute.FileTime.fromMillis(0));
        assertStdoutClean(tmp, Map.of(), "jar newer than archive");
        // 2. another JDK than the archive's (JAVA_HOME pointing at a JDK 25)
        Optional<Path> jdk25 = Jdk25.find();
        if (jdk25.isPresent()) {
            assertStdoutClean(tmp, Map.of("JAVA_HOME", jdk25.get().toString()), "archive of another JDK");
        } else if (Jdk25.required()) {
            Jdk25.javaOrStop(); // fails, saying what it searched
        }
        // 3. a corrupt archive
        Files.delete(archive); // the archive is read-only; replace it
        Files.write(archive, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
        assertStdoutClean(tmp, Map.of(), "corrupt archive");
        // 4. no archive at all
        Files.delete(archive);
        assertStdoutClean(tmp, Map.of(), "missing archive");
    }

    /** With JDK 25+ install.sh makes an AOT cache instead; a stale one, or another java, still never reaches stdout. */
    @Test
    void jdk25GetsAnAotCacheThatDegradesSilently() throws Exception {
        Path temurin = Jdk25.javaOrStop();
        Files.createDirectories(tmp.resolve("etc/default"));
        Files.writeString(tmp.resolve("etc/default/tgtha"), "TGTHA_JAVA=" + temurin + "\n");
        Proc p = Installer.install(inTmp(), Installer.relocated(tmp));
        assertThat(p.rc()).as(p.describe()).isZero();
        Path lib = tmp.resolve("usr/lib/tgtha");
        assertThat(p.stdout()).contains("AOT cache " + lib.resolve("tgtha.aot") + " created and verified (Java 25)");
        assertThat(lib.resolve("tgtha.jsa")).doesNotExist();
        assertThat(lib.resolve("aot-java.sh")).content().contains("TGTHA_AOT_JAVA='" + temurin + "'");
        Proc strict = Proc.run(Duration.ofSeconds(30), inTmp("TGTHA_JAVA_OPTS", "-XX:AOTMode=on"), null,
                lib.resolve("tgtha-agent").toString(), "no-such-agent", "monitor");
        assertThat(strict.rc()).as(strict.describe()).isEqualTo(5);
        assertStdoutClean(tmp, Map.of(), "fresh AOT cache");

        // the admin switches back to JDK 17 without re-running install.sh: the AppCDS line, no archive
        Files.writeString(tmp.resolve("etc/default/tgtha"), "TGTHA_JAVA=/usr/lib/jvm/java-17-openjdk-amd64/bin/java\n");
        assertStdoutClean(tmp, Map.of(), "JDK 17 with only a JDK 25 AOT cache");
        // back to 25, but the jar changed since the cache was made
        Files.writeString(tmp.resolve("etc/default/tgtha"), "TGTHA_JAVA=" + temurin + "\n");
        Files.setLastModifiedTime(lib.resolve("tgtha.jar"), java.nio.file.attribute.FileTime.fromMillis(0));
        assertStdoutClean(tmp, Map.of(), "AOT cache older than the jar");

        // re-installing with JDK 17 replaces the cache by an AppCDS archive
        Files.writeString(tmp.resolve("etc/default/tgtha"), "");
        Proc again = Installer.install(inTmp(), Installer.relocated(tmp));
        assertThat(again.stdout()).as(again.describe()).contains("AppCDS archive");
        assertThat(lib.resolve("tgtha.aot")).doesNotExist();
        assertThat(lib.resolve("aot-java.sh")).doesNotExist();
    }

    private static void assertStdoutClean(Path root, Map<String, String> env, String situation) throws Exception {
        Path agentLauncher = root.resolve("usr/lib/tgtha/tgtha-agent");
        env = new HashMap<>(env);
        env.putIfAbsent("TGTHA_RUN_DIR", root.resolve("run").toString());
        Proc none = Proc.run(Duration.ofSeconds(30), env, null, agentLauncher.toString(), "no-such-agent", "meta-data");
        assertThat(none.rc()).as(situation + ": " + none.describe()).isEqualTo(5);
        assertThat(none.out()).as(situation + ": " + none.describe()).isEmpty();
        assertThat(none.stderr()).as(situation).doesNotContain("\tat ");
        for (String a : AGENTS) {
            Proc meta = Proc.run(Duration.ofSeconds(30), env, null, agentLauncher.toString(), a, "meta-data");
            assertThat(meta.rc()).as(situation + ": " + meta.describe()).isZero();
            assertThat(meta.stdout()).as(situation).isEqualTo(AgentCatalog.TGTHA.instantiate(a).metadata().toXml());
            assertThat(Xmllint.problemsWith(meta.stdout())).as(situation).isEmpty();
        }
    }

    /**
     * The environment of a relocated install and its programs: TGTHA_RUN_DIR below tmp, so that neither install.sh
     * (locks), the wrappers (agent host start) nor the agents (tgtd version cache) write the machine's /run/tgtha.
     */
    private Map<String, String> inTmp(String... keysAndValues) {
        Map<String, String> env = new HashMap<>();
        env.put("TGTHA_RUN_DIR", tmp.resolve("run").toString());
        for (int i = 0; i < keysAndValues.length; i += 2) {
            env.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return env;
    }

    private static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                files.put(root.relativize(p).toString(), PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
            }
        }
        return files;
    }

    private static Map<String, String> treeWithDirectories(Path root) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.filter(p -> !p.equals(root))::iterator) {
                entries.put(root.relativize(p).toString(), PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
            }
        }
        return entries;
    }

    private static Map<String, String> digests(Path root) throws Exception {
        Map<String, String> d = new TreeMap<>();
        for (String f : new TreeSet<>(tree(root).keySet())) {
            d.put(f, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(root.resolve(f)))));
        }
        return d;
    }
}
