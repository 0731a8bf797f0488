// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.launcher;

import io.tgtha.testkit.Lab;
import io.tgtha.testkit.Netns;
import io.tgtha.testkit.TgtdProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real thing: install.sh onto this machine (/usr/lib/ocf/resource.d/tgtha, /usr/lib/tgtha,
 * /usr/sbin/tgtha), then for every agent in the jar Debian's ocf-tester (start, monitor, stop,
 * double start/stop, probes, meta-data against ra-api-1.dtd) and {@code crm_resource --validate}.
 * Each agent runs in a network namespace of ours (prefix {@code wr}) against a tgtd of ours
 * (control ports 5001-5089, portal on the namespace's loopback; 5098 stays free as the fuzz's
 * "no such tgtd" port), so no other packet filter or tgtd is touched. Skipped with
 * -Dtgtha.skipLab=true.
 */
class RealInstallIT {
    static final Path OCF_DIR = Path.of("/usr/lib/ocf/resource.d/tgtha");
    static final String IQN = "iqn.2026-11.io.tgtha.wr:ocft";

    @BeforeAll
    static void installOnThisMachine() {
        Lab.requireRoot("ocf-tester", "crm_resource", "xmllint", "tgtd", "tgtadm", "iptables");
        Lab.cleanupLeftovers("wr");
        Proc p = Installer.install(Map.of(), "--jar", Installer.JAR.toString());
        assertThat(p.rc()).as(p.describe()).isZero();
        assertThat(p.stdout()).contains("AppCDS archive /usr/lib/tgtha/tgtha.jsa created and verified");
    }

    @AfterAll
    static void noNamespaceLeftBehind() {
        Lab.cleanupLeftovers("wr");
    }

    @Test
    void everyAgentInTheJarHasAWrapperAndNothingElseDoes() throws IOException {
        List<String> wrappers = new ArrayList<>();
        for (String known : AgentCatalog.TGTHA.knownNames()) {
            if (Files.exists(OCF_DIR.resolve(known))) {
                wrappers.add(known);
                assertThat(Files.isExecutable(OCF_DIR.resolve(known))).isTrue();
            }
        }
        assertThat(wrappers).containsExactlyElementsOf(AgentCatalog.TGTHA.presentNames());
        if (AgentCatalog.classPresent(AgentCatalog.OPERATOR_COMMAND_CLASS)) {
            assertThat(Path.of("/usr/sbin/tgtha")).isExecutable();
        }
    }

    @TestFactory
    List<DynamicTest> ocfTesterPassesForEveryAgent() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String agent : AgentCatalog.TGTHA.presentNames()) {
            tests.add(DynamicTest.dynamicTest("ocf-tester " + agent, () -> {
                try (Scenario s = Scenario.forAgent(agent)) {
                    List<String> cmd = new ArrayList<>(List.of("ocf-tester", "-n", "wr-" + agent));
                    for (String o : s.options) {
                        cmd.add("-o");
                        cmd.add(o);
                    }
                    cmd.add(OCF_DIR.resolve(agent).toString());
                    Proc p = inNamespace(s.ns, Duration.ofMinutes(3), cmd);
                    assertThat(p.rc()).as(p.describe()).isZero();
                    assertThat(p.stdout()).contains(OCF_DIR.resolve(agent) + " passed all tests");
                }
            }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> crmResourceValidatesEveryAgent() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String agent : AgentCatalog.TGTHA.presentNames()) {
            tests.add(DynamicTest.dynamicTest("crm_resource --validate " + agent, () -> {
                try (Scenario s = Scenario.forAgent(agent)) {
                    Proc ok = inNamespace(s.ns, Duration.ofMinutes(1), crmValidate(agent, s.options));
                    assertThat(ok.rc()).as(ok.describe()).isZero();

                    // and a configuration it must refuse: every required parameter left out
                    Proc bad = inNamespace(s.ns, Duration.ofMinutes(1), crmValidate(agent, List.of()));
                    assertThat(bad.rc()).as(bad.describe()).isNotZero();
                    assertThat(bad.stdout() + bad.stderr()).as(bad.describe()).doesNotContain("\tat ");
                }
            }));
        }
        return tests;
    }

    /**
     * Pins the start-up work (docs/installation.md, "What an operation costs"): a monitor of a running
     * target, LUN or account loads every class from the AppCDS archive, because the install-time
     * training ran exactly that path against its stand-in tgtd. (Lambdas are allowed again since the agent
     * host serves operations; the cold path only has to stay correct.) The only classes the JDK 17 archive
     * cannot hold: JFR event classes, and LambdaForms java.lang.invoke spins at run time.
     */
    @TestFactory
    List<DynamicTest> aRunningResourcesMonitorLoadsItsClassesFromTheArchive() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String agent : List.of("target", "lun", "account")) {
            if (!AgentCatalog.TGTHA.presentNames().contains(agent)) {
                continue;
            }
            tests.add(DynamicTest.dynamicTest("monitor from the archive: " + agent, () -> {
                try (Scenario s = Scenario.forAgent(agent)) {
                    // the cold path's start-up: what every operation pays when no agent host serves it
                    List<String> env = new ArrayList<>(List.of("env", "TGTHA_AGENT_HOST=off", "OCF_ROOT=/usr/lib/ocf",
                            "OCF_RESOURCE_INSTANCE=wr-cds-" + agent, "OCF_RESKEY_CRM_meta_timeout=20000"));
                    for (String o : s.options) {
                        env.add("OCF_RESKEY_" + o);
                    }
                    Path startLog = Files.createTempFile("wr-class-load-start", ".txt");
                    List<String> start = new ArrayList<>(env);
                    start.addAll(List.of("TGTHA_JAVA_OPTS=-Xlog:class+load=info:file=" + startLog,
                            OCF_DIR.resolve(agent).toString(), "start"));
                    Proc started = inNamespace(s.ns, Duration.ofMinutes(1), start);
                    assertThat(started.rc()).as(started.describe()).isZero();
                    // the training cannot run a start (it would change the node's tgtd), but it loads
                    // every agent class, so none of ours is read from the jar (CdsTraining.loadAgentClasses)
                    List<String> ours = new ArrayList<>();
                    for (String line : Files.readAllLines(startLog)) {
                        if (line.contains("] io.tgtha.") && !line.contains("source: shared objects file")) {
                            ours.add(line);
                        }
                    }
                    Files.deleteIfExists(startLog);
                    assertThat(ours).as(agent + " start: tgt-ha classes loaded from outside the archive").isEmpty();
                    Path log = Files.createTempFile("wr-class-load", ".txt");
                    try {
                        List<String> monitor = new ArrayList<>(env);
                        monitor.addAll(List.of("OCF_RESKEY_CRM_meta_interval=10000",
                                "TGTHA_JAVA_OPTS=-Xlog:class+load=info:file=" + log, OCF_DIR.resolve(agent).toString(),
                                "monitor"));
                        Proc p = inNamespace(s.ns, Duration.ofMinutes(1), monitor);
                        assertThat(p.rc()).as(p.describe()).isZero();
                        List<String> lines = Files.readAllLines(log);
                        assertThat(lines).as("class-load log").hasSizeGreaterThan(500);
                        List<String> outside = new ArrayList<>();
                        for (String line : lines) {
                            String[] f = line.split(" ");
                            String cls = f.length > 1 ? f[1] : line;
                            if (!line.contains("source: shared objects file") && !cls.startsWith("jdk.internal.event.")
                                    && !cls.startsWith("java.lang.invoke.LambdaForm$")) {
                                outside.add(line);
                            }
                        }
                        assertThat(outside).as("classes a running " + agent + "'s monitor loaded from outside"
                                + " the archive: CdsTraining no longer walks this path").isEmpty();
                    } finally {
                        Files.deleteIfExists(log);
                        List<String> stop = new ArrayList<>(env);
                        stop.addAll(List.of(OCF_DIR.resolve(agent).toString(), "stop"));
                        inNamespace(s.ns, Duration.ofMinutes(1), stop);
                    }
                }
            }));
        }
        return tests;
    }

    /** The fuzz once more, through the installed wrapper: raw bytes in the environment, via sh. */
    @TestFactory
    List<DynamicTest> installedWrappersSurviveRawGarbage() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String agent : AgentCatalog.TGTHA.presentNames()) {
            tests.add(DynamicTest.dynamicTest("garbled environment through the wrapper: " + agent, () -> {
                Random random = new Random(7L * agent.hashCode());
                List<String> keys = new ArrayList<>();
                AgentCatalog.TGTHA.instantiate(agent).metadata().parameters().forEach(p -> keys.add(p.name()));
                String[] actions = {"monitor", "validate-all", "start", "stop", "status", "bogus"};
                try (Netns ns = Netns.create("wr", "fz")) {
                    for (int i = 0; i < 6; i++) {
                        StringBuilder script = new StringBuilder("#!/bin/sh\n");
                        script.append("OCF_RESKEY_tgt_control_port=5098; export OCF_RESKEY_tgt_control_port\n");
                        for (String key : keys) {
                            if (key.equals("tgt_control_port")) {
                                continue; // never the host's default tgtd (see Garble.valueFor)
                            }
                            if (random.nextInt(3) > 0) {
                                script.append("OCF_RESKEY_").append(key).append("=$(printf '").append(octal(random))
                                        .append("'); export OCF_RESKEY_").append(key).append('\n');
                            }
                        }
                        String action = actions[i % actions.length];
                        script.append("exec ").append(OCF_DIR.resolve(agent)).append(' ').append(action).append('\n');
                        Path file = Files.createTempFile("wr-fuzz", ".sh");
                        try {
                            Files.writeString(file, script);
                            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
                            Proc p = inNamespace(ns, Duration.ofSeconds(60), List.of(file.toString()));
                            String what = agent + " " + action + ": " + p.describe();
                            assertThat(p.rc()).as(what).isBetween(0, 7);
                            assertThat(p.out()).as(what).isEmpty();
                            assertThat(p.stderr()).as(what).doesNotContain("\tat ").doesNotContain("Exception in thread");
                            long reasons = p.stderr().lines().filter(l -> l.startsWith("ocf-exit-reason:")).count();
                            assertThat(reasons).as(what).isLessThanOrEqualTo(1);
                            if (p.rc() != 0 && p.rc() != 7) {
                                assertThat(reasons).as(what).isEqualTo(1);
                            }
                        } finally {
                            Files.deleteIfExists(file);
                        }
                    }
                }
            }));
        }
        return tests;
    }

    /** Random bytes (no NUL, which an environment cannot hold) as printf octal escapes. */
    private static String octal(Random r) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(4) == 0 ? 3000 + r.nextInt(5000) : r.nextInt(40);
        for (int i = 0; i < n; i++) {
            sb.append(String.format("\\%03o", 1 + r.nextInt(255)));
        }
        return sb.toString();
    }

    private static List<String> crmValidate(String agent, List<String> options) {
        List<String> cmd = new ArrayList<>(List.of("crm_resource", "--validate", "--class", "ocf", "--provider", "tgtha",
                "--agent", agent));
        for (String o : options) {
            cmd.add("--option");
            cmd.add(o);
        }
        return cmd;
    }

    private static Proc inNamespace(Netns ns, Duration timeout, List<String> command) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns.name()));
        cmd.addAll(command);
        return Proc.run(timeout, Map.of(), null, cmd.toArray(String[]::new));
    }

    /** A namespace (with a tgtd where the agent needs one) and the parameters that work there. */
    private static final class Scenario implements AutoCloseable {
        final Netns ns;
        final TgtdProcess tgtd;
        final List<String> options;
        final List<Path> files;

        private Scenario(Netns ns, TgtdProcess tgtd, List<String> options, List<Path> files) {
            this.ns = ns;
            this.tgtd = tgtd;
            this.options = options;
            this.files = files;
        }

        static Scenario forAgent(String agent) throws IOException {
            Netns ns = Netns.create("wr", agent.substring(0, Math.min(4, agent.length())));
            TgtdProcess tgtd = null;
            List<Path> files = new ArrayList<>();
            try {
                List<String> options;
                switch (agent) {
                    case "portblock" -> options = List.of("protocol=tcp", "portno=3260", "action=block");
                    case "target" -> {
                        tgtd = TgtdProcess.start(ns, "127.0.0.1", 5001, 5089);
                        options = List.of("iqn=" + IQN, "tgt_control_port=" + tgtd.controlPort());
                    }
                    case "lun" -> {
                        tgtd = TgtdProcess.start(ns, "127.0.0.1", 5001, 5089);
                        tgtd.tgtadm("--lld", "iscsi", "--op", "new", "--mode", "target", "--tid", "1",
                                "--targetname", IQN).orThrow();
                        Path backing = Files.createTempFile("wr-lun", ".img");
                        files.add(backing);
                        try (var raf = new java.io.RandomAccessFile(backing.toFile(), "rw")) {
                            raf.setLength(16L << 20);
                        }
                        options = List.of("target_iqn=" + IQN, "lun=1", "path=" + backing,
                                "tgt_control_port=" + tgtd.controlPort());
                    }
                    case "account" -> {
                        tgtd = TgtdProcess.start(ns, "127.0.0.1", 5001, 5089);
                        // the password travels in a file, never on a command line
                        Path secret = Files.createTempFile("wr-account", ".secret");
                        files.add(secret);
                        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
                        Files.writeString(secret, "wr-ocf-tester-" + Lab.randomSuffix(12) + "\n", StandardCharsets.UTF_8);
                        options = List.of("username=wrocft", "password_file=" + secret,
                                "tgt_control_port=" + tgtd.controlPort());
                    }
                    default -> throw new AssertionError("no ocf-tester scenario for agent '" + agent
                            + "': add one to " + RealInstallIT.class.getSimpleName());
                }
                return new Scenario(ns, tgtd, options, files);
            } catch (RuntimeException | Error | IOException e) {
                if (tgtd != null) {
                    tgtd.close();
                }
                ns.close();
                for (Path f : files) {
                    Files.deleteIfExists(f);
                }
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            try {
                if (tgtd != null) {
                    tgtd.close();
                }
            } finally {
                ns.close();
                for (Path f : files) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

}
