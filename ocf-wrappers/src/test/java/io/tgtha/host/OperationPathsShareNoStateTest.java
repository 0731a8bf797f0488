// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The agent host runs many operations at once in one JVM, each with its own environment, parameters,
 * logger and deadline. So no operation path may keep mutable static state, end the process, or read the
 * process's environment for something the operation's own environment says. Read from the sources of
 * every module the host loads; each exception is named here with the reason it is one.
 */
class OperationPathsShareNoStateTest {
    static final Path ROOT = Path.of(System.getProperty("tgtha.moduleDir", ".")).toAbsolutePath().getParent();
    static final List<String> MODULES = List.of("agents/process", "agents/ocf-runtime", "agents/tgt-client",
            "agents/packet-filter", "agents/target-and-lun",
            "shared-accounts", "portblock", "ocf-wrappers");

    /** Static fields that are not final: none. (Final ones holding locks are the exception below.) */
    static final Pattern MUTABLE_STATIC = Pattern.compile("^\\s*(private |public |protected )?static (?!final)"
            + "(?!class|interface|enum|record|abstract|void|<)[\\w<>, ?\\[\\]]+ (\\w+)\\s*(=|;)");
    /** Final statics whose object is mutable: allowed only where that state is meant to be shared. */
    static final Pattern SHARED_COLLECTION = Pattern.compile("static final [\\w<>, ]*(Map|List|Set|Deque)<.*= new ");

    static final Map<String, String> SHARED_STATE_ALLOWED = Map.of(
            "FileMutex.java", "threads of one JVM must exclude each other before taking the fcntl lock",
            "AccountSlotLock.java", "the same, for tgtd's account slots",
            "RuleChangeQueue.java", "portblock operations of one JVM waiting for the packet-filter mutex batch their "
                    + "changes, per lock file like FileMutex");

    /** Mutable statics by file and field: process-wide on purpose, set once by an entry point, only read by operations. */
    static final Map<String, String> MUTABLE_STATIC_ALLOWED = Map.of(
            "FileMutex.java observer", "the agent host's one MutexWaitObserver (its metrics), set once in its main");

    static final Map<String, String> EXIT_ALLOWED = Map.of(
            "AgentLauncher.java", "the cold path's main",
            "AgentRunner.java", "runAsProcess: an agent run as its own main class (tests, tools)",
            "AgentHost.java", "the host's main",
            "MetadataGenerator.java", "build-time tool");

    /** Node-wide settings, the same for every operation on a node (the host refuses a wrapper whose differ). */
    static final Map<String, String> GETENV_ALLOWED = Map.of(
            "OcfEnvironment.java", "ofSystem(): the cold path's whole environment, read once in main",
            "RunDir.java", "TGTHA_RUN_DIR (AgentHost.NODE_SETTINGS), for every reader of the run directory",
            "TgtClientBuilder.java", "TGT_IPC_SOCKET (AgentHost.NODE_SETTINGS) and PATH for tgtadm",
            "RealTgtConnector.java", "PATH, to find tgtd and tgtadm",
            "Executables.java", "PATH, to find iptables, nft, ss",
            "AgentHost.java", "compares the node settings of each request with its own",
            "CdsTraining.java", "install-time training, not an operation");

    static List<Path> sources() throws IOException {
        List<Path> all = new ArrayList<>();
        for (String m : MODULES) {
            try (Stream<Path> s = Files.walk(ROOT.resolve(m).resolve("src/main/java"))) {
                s.filter(p -> p.toString().endsWith(".java")).forEach(all::add);
            }
        }
        assertThat(all).hasSizeGreaterThan(100); // the walk found the modules
        return all;
    }

    @Test
    void noMutableStaticStateOutsideTheSharedLocks() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path p : sources()) {
            List<String> lines = Files.readAllLines(p);
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i);
                boolean shared = SHARED_COLLECTION.matcher(l).find()
                        && !SHARED_STATE_ALLOWED.containsKey(p.getFileName().toString());
                java.util.regex.Matcher m = MUTABLE_STATIC.matcher(l);
                boolean mutable = m.find() && !MUTABLE_STATIC_ALLOWED.containsKey(p.getFileName() + " " + m.group(2));
                if (mutable || shared) {
                    found.add(ROOT.relativize(p) + ":" + (i + 1) + ": " + l.strip());
                }
            }
        }
        assertThat(found).isEmpty();
    }

    @Test
    void onlyEntryPointsEndTheProcessAndOnlyNodeSettingsComeFromItsEnvironment() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path p : sources()) {
            String name = p.getFileName().toString();
            String text = Files.readString(p);
            if (text.contains("System.exit(") && !EXIT_ALLOWED.containsKey(name)) {
                found.add(ROOT.relativize(p) + ": System.exit");
            }
            if (text.contains("System.getenv(") && !GETENV_ALLOWED.containsKey(name)) {
                found.add(ROOT.relativize(p) + ": System.getenv");
            }
        }
        assertThat(found).isEmpty();
    }

    @Test
    void theCheckItselfFindsWhatItLooksFor() {
        assertThat(MUTABLE_STATIC.matcher("    private static int calls = 0;").find()).isTrue();
        assertThat(MUTABLE_STATIC.matcher("    static Path probe;").find()).isTrue();
        java.util.regex.Matcher m = MUTABLE_STATIC.matcher("    private static volatile Observer observer = NONE;");
        assertThat(m.find()).isTrue();
        assertThat(m.group(2)).isEqualTo("observer");
        assertThat(MUTABLE_STATIC.matcher("    private static final int MAX = 3;").find()).isFalse();
        assertThat(MUTABLE_STATIC.matcher("    private static String name(int x) {").find()).isFalse();
        assertThat(MUTABLE_STATIC.matcher("    static final class Inner {").find()).isFalse();
        assertThat(SHARED_COLLECTION.matcher("    private static final Map<Path, Lock> M = new ConcurrentHashMap<>();")
                .find()).isTrue();
    }

    /**
     * Regression: AccountSlotLock and VersionProbe wrote under a hard-coded /run/tgtha while every other reader
     * honoured TGTHA_RUN_DIR. The run directory's default is named in io.tgtha.process.RunDir only.
     */
    @Test
    void onlyRunDirNamesTheRunDirectory() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path p : sources()) {
            if (!p.getFileName().toString().equals("RunDir.java") && Files.readString(p).contains("\"/run/tgtha")) {
                found.add(ROOT.relativize(p).toString());
            }
        }
        assertThat(found).isEmpty();
    }
}
