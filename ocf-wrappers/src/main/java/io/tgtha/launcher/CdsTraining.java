// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.launcher;

import io.tgtha.ocf.Deadline;
import io.tgtha.ocf.OcfEnvironment;
import io.tgtha.ocf.ProcessStart;
import io.tgtha.ocf.exec.Command;
import io.tgtha.ocf.exec.ProcessCommandRunner;
import io.tgtha.ocf.lock.FileMutex;
import io.tgtha.ocf.lock.MutexWaitLog;
import io.tgtha.ocf.lock.MutexWaitObserver;
import io.tgtha.ocf.lock.MutexTimeoutException;
import io.tgtha.ocf.log.OcfLog;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The workload install.sh runs (under {@code -XX:DumpLoadedClassList}, then dumps a static AppCDS
 * archive of that list; JDK 25+: {@code -XX:AOTCacheOutput}) to build the class archive:
 * it walks the launcher paths the OCF wrappers take (agent lookup, meta-data, parameter reading and
 * validation, the command runner, and each agent's real monitor) so their classes come from the
 * archive at every later start. It must be harmless on a production node: it runs only
 * validate-all and probes (monitor with interval 0), which OCF requires to be read-only, with
 * parameters naming nothing that exists ("cds-training"), each bounded to a few seconds; plus a
 * round without parameters, which stops at validation. The only other command run is {@code true}.
 *
 * <p>Then the monitors' success path: a monitor that finds nothing to talk to never loads the
 * socket, parser, model and check classes a real monitor needs (about 80 classes and a dozen
 * lambdas, read from the jar at every operation otherwise). So the training starts
 * {@link TrainingTgtd}, which answers tgtd's three read-only show requests with canned output, on
 * control port {@value #TRAINING_CONTROL_PORT} of {@code $TGT_IPC_SOCKET} (tgtha-agent points that
 * at a directory of its own under /run/tgtha, so the real tgtd's sockets are never even looked
 * at), and runs the target, lun and account monitors (probe and recurring, depth 0 and 10) and
 * validate-all against it. Without tgtd installed the agents stop earlier (not installed, or
 * version unknown) and the archive simply lacks those classes.
 */
public final class CdsTraining {
    private CdsTraining() {
    }

    /** The highest port tgt-client accepts; the socket lives in tgtha-agent's private directory anyway. */
    static final int TRAINING_CONTROL_PORT = 32767;

    /** Parameters matching {@link TrainingTgtd}'s canned state exactly, so every check passes. */
    private static final Map<String, Map<String, String>> RUNNING_PARAMETERS = Map.of(
            "target", Map.of("iqn", TrainingTgtd.IQN, "incoming_username", TrainingTgtd.ACCOUNT,
                    "allowed_initiators", "192.0.2.0/24 iqn.2026-01.io.tgtha:cds-initiator"),
            "lun", Map.of("target_iqn", TrainingTgtd.IQN, "lun", "1", "path", TrainingTgtd.LUN_PATH),
            "account", Map.of("username", TrainingTgtd.ACCOUNT, "discovery", "true"));
    /** The running account reads its secret from a file, as production configurations do; the probe has it inline. */
    private static final String TRAINING_SECRET = "cds-training-not-a-secret";

    /**
     * Parameters that pass validation where they can, for a resource that does not exist. additional_parameters:
     * its check (a parser's verdict, {@code ValueCheck.parsedBy}) also runs on a start, which the training cannot run.
     */
    private static final Map<String, Map<String, String>> PROBE_PARAMETERS = Map.of(
            "portblock", Map.of("protocol", "tcp", "portno", "3260", "action", "block", "ip", "192.0.2.1"),
            "target", Map.of("iqn", "iqn.2026-01.io.tgtha:cds-training",
                    "additional_parameters", "MaxRecvDataSegmentLength=262144"),
            "lun", Map.of("target_iqn", "iqn.2026-01.io.tgtha:cds-training", "lun", "1",
                    "path", "/nonexistent/tgtha-cds-training", "additional_parameters", "rotation_rate=1"),
            "account", Map.of("username", "cdstraining", "password", TRAINING_SECRET));

    public static void main(String[] args) {
        // what AgentLauncher.main does first, so the archive holds the classes of those paths
        ProcessStart.ofThisProcess();
        StartupShortcuts.nameDefaultSelectorProvider();
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
        // every operation reads the real environment and may print through an ASCII stdout (LANG=C)
        OcfEnvironment.ofSystem().get("OCF_ROOT");
        new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.US_ASCII).println("x\u00e9");
        Map<String, String> bare = new HashMap<>();
        bare.put("OCF_RESOURCE_INSTANCE", "cds-training");
        bare.put("OCF_RESKEY_CRM_meta_timeout", "5000");
        bare.put("OCF_RESKEY_CRM_meta_interval", "0");
        int runs = 0;
        for (String agent : AgentCatalog.TGTHA.presentNames()) {
            Map<String, String> probe = new HashMap<>(bare);
            PROBE_PARAMETERS.getOrDefault(agent, Map.of()).forEach((k, v) -> probe.put("OCF_RESKEY_" + k, v));
            for (Map<String, String> env : List.of(bare, probe)) {
                for (String action : new String[] {"meta-data", "validate-all", "monitor", "usage"}) {
                    AgentLauncher.launch(new String[] {agent, action}, new OcfEnvironment(env), discard, discard);
                    runs++;
                }
            }
        }
        Map<String, String> env = bare;
        // also the not-installed path and the command runner, which agents use on every real monitor
        AgentLauncher.launch(new String[] {"no-such-agent", "monitor"}, new OcfEnvironment(env), discard, discard);
        OcfLog log = new OcfLog(new OcfEnvironment(env), "cds-training", discard);
        try {
            new ProcessCommandRunner(Deadline.after(Duration.ofSeconds(10)), log)
                    .run(Command.of(Duration.ofSeconds(5), "true"));
        } catch (Exception e) {
            System.err.println("tgt-ha CDS training: running 'true' failed (" + e.getClass().getSimpleName()
                    + "); the archive will lack the command runner's classes");
        }
        // and the filesystem mutex every start and stop takes (file locks are classes of their own)
        try {
            Path lockDir = Files.createTempDirectory("tgtha-cds-training");
            // and the line a cold run appends for each wait (AgentLauncher.main sets the observer)
            FileMutex.observeWaits(new MutexWaitLog(lockDir.resolve(MutexWaitLog.FILE_NAME)));
            try (FileMutex.Held held = new FileMutex(lockDir, "cds-training")
                    .acquire(Deadline.after(Duration.ofSeconds(5)), "CDS training")) {
                Files.createDirectories(lockDir); // exists: what an agent's state directory usually does
            } finally {
                FileMutex.observeWaits(MutexWaitObserver.NONE);
                Files.deleteIfExists(lockDir.resolve(MutexWaitLog.FILE_NAME));
                Files.deleteIfExists(lockDir.resolve("cds-training.lock"));
                Files.deleteIfExists(lockDir);
            }
        } catch (IOException | MutexTimeoutException e) {
            System.err.println("tgt-ha CDS training: the mutex could not be trained (" + e.getMessage() + ")");
        }
        System.err.println("tgt-ha CDS training: " + runs + " agent operations for "
                + AgentCatalog.TGTHA.presentNames());
        trainRunningMonitors(bare, discard);
        System.err.println("tgt-ha CDS training: " + loadAgentClasses() + " agent classes loaded for the archive");
    }

    /**
     * Loads, without initialising, every agent class in tgtha.jar, so the archive also holds the
     * start and stop paths, which the training cannot run: they change tgtd and the packet filter of
     * the node it runs on. Loading runs no static initialiser and no agent code. Measured before this:
     * an unblock stop read ~25 classes from the jar (parsed and verified at every operation), a
     * failover's other starts and stops similar numbers. The operator command's classes (io.tgtha.cli)
     * have an archive of their own and are left out.
     *
     * @return how many classes were loaded
     */
    static int loadAgentClasses() {
        Path jar;
        try {
            jar = Path.of(CdsTraining.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return 0;
        }
        if (!Files.isRegularFile(jar)) {
            return 0; // run from a classes directory (tests): nothing to add
        }
        ClassLoader loader = CdsTraining.class.getClassLoader();
        int loaded = 0;
        try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
            java.util.Enumeration<java.util.jar.JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                if (!name.startsWith("io/tgtha/") || name.startsWith("io/tgtha/cli/") || !name.endsWith(".class")) {
                    continue;
                }
                try {
                    Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), false, loader);
                    loaded++;
                } catch (ClassNotFoundException | LinkageError e) {
                    // a class whose optional dependency is absent: the archive just lacks it
                }
            }
        } catch (IOException e) {
            System.err.println("tgt-ha CDS training: cannot list " + jar + " (" + e.getMessage() + ")");
        }
        return loaded;
    }

    /** The training secret in a temporary file of mode 0600 (the rules an account's password_file must pass). */
    private static Path secretFile() throws IOException {
        Path file = Files.createTempFile("tgtha-cds-training", ".secret",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, TRAINING_SECRET + "\n", StandardCharsets.US_ASCII);
        return file;
    }

    /** Monitors (and validate-all) of resources that exist, against {@link TrainingTgtd}. */
    static void trainRunningMonitors(Map<String, String> bare, PrintStream discard) {
        String base = System.getenv("TGT_IPC_SOCKET");
        boolean privateDir = base != null && !base.isEmpty();
        // the same naming as tgt-client (TgtClientBuilder.defaultSocketPath), which the agents use
        Path socket = Path.of((privateDir ? base : "/var/run/tgtd/socket") + "." + TRAINING_CONTROL_PORT);
        Path dir = socket.toAbsolutePath().getParent();
        boolean madeDir = false;
        try {
            if (!Files.isDirectory(dir)) {
                if (!privateDir) {
                    // never create tgtd's own directory
                    System.err.println("tgt-ha CDS training: " + dir + " does not exist; skipping the monitors of"
                            + " running resources (tgtha-agent --create-cds-archive sets TGT_IPC_SOCKET)");
                    return;
                }
                Files.createDirectory(dir);
                madeDir = true;
            }
        } catch (IOException e) {
            System.err.println("tgt-ha CDS training: cannot create " + dir + " (" + e.getMessage()
                    + "); skipping the monitors of running resources");
            return;
        }
        int ok = 0;
        int total = 0;
        List<String> failed = new ArrayList<>();
        Path secret = null;
        try (TrainingTgtd tgtd = TrainingTgtd.listen(socket)) {
            secret = secretFile();
            for (String agent : AgentCatalog.TGTHA.presentNames()) {
                Map<String, String> params = RUNNING_PARAMETERS.get(agent);
                if (params == null) {
                    continue;
                }
                Map<String, String> env = new HashMap<>(bare);
                params.forEach((k, v) -> env.put("OCF_RESKEY_" + k, v));
                env.put("OCF_RESKEY_tgt_control_port", Integer.toString(TRAINING_CONTROL_PORT));
                if (agent.equals("account")) {
                    env.put("OCF_RESKEY_password_file", secret.toString());
                }
                // probe and recurring monitor, cheap and thorough, then validate-all
                for (String interval : new String[] {"0", "10000"}) {
                    for (String depth : new String[] {"0", "10"}) {
                        env.put("OCF_RESKEY_CRM_meta_interval", interval);
                        env.put("OCF_CHECK_LEVEL", depth);
                        total++;
                        if (AgentLauncher.launch(new String[] {agent, "monitor"}, new OcfEnvironment(env), discard,
                                discard) == 0) {
                            ok++;
                        } else {
                            failed.add(agent + " monitor (interval " + interval + ", depth " + depth + ")");
                        }
                    }
                }
                total++;
                if (AgentLauncher.launch(new String[] {agent, "validate-all"}, new OcfEnvironment(env), discard,
                        discard) == 0) {
                    ok++;
                } else {
                    failed.add(agent + " validate-all");
                }
            }
            System.err.println("tgt-ha CDS training: " + ok + " of " + total + " operations on running resources"
                    + " succeeded against the training tgtd " + socket + " (" + tgtd.requests() + " requests, "
                    + tgtd.refused() + " refused)" + (failed.isEmpty() ? "" : "; failed: " + failed));
        } catch (IOException e) {
            System.err.println("tgt-ha CDS training: cannot listen on " + socket + " (" + e.getMessage()
                    + "); skipping the monitors of running resources");
        } finally {
            try {
                if (secret != null) {
                    Files.deleteIfExists(secret);
                }
            } catch (IOException e) {
                System.err.println("tgt-ha CDS training: cannot remove " + secret + ": " + e.getMessage());
            }
            if (madeDir) {
                try {
                    Files.deleteIfExists(dir); // only when empty: nothing but our socket was ever in it
                } catch (IOException e) {
                    System.err.println("tgt-ha CDS training: cannot remove " + dir + ": " + e.getMessage());
                }
            }
        }
    }
}
