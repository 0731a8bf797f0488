package io.tgtha.tgt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17: a cold agent JVM holds OCF_RESKEY_password in its environment; the children the tgt client
 * starts ({@code tgtd -V}, the tgtadm fallback) get PATH, LANG, LC_ALL and TGT_IPC_SOCKET only. The test
 * JVM's own variables stand in for the secret: a child that inherited anything would show HOME or USER.
 */
class ChildProcessesInheritNoSecretsTest {
    @TempDir
    Path dir;

    private Path envDumper(String printAfter) throws Exception {
        Path exe = dir.resolve("dump-env");
        Files.writeString(exe, "#!/bin/sh\nenv > " + dir.resolve("env") + "\necho '" + printAfter + "'\n");
        exe.toFile().setExecutable(true);
        return exe;
    }

    private List<String> childVariables() throws Exception {
        return Files.readAllLines(dir.resolve("env")).stream().map(l -> l.substring(0, l.indexOf('='))).toList();
    }

    @Test
    void theVersionProbeStartsTgtdWithoutTheAgentsEnvironment() throws Exception {
        assertThat(System.getenv()).containsKey("HOME");
        Path exe = envDumper("tgtd 1.0.85");

        assertThat(new VersionProbe(null, exe, dir.resolve("cache")).require("t")).isEqualTo(new TgtVersion(1, 0, 85));

        assertThat(childVariables()).isNotEmpty().allMatch(v -> List.of("PATH", "LANG", "LC_ALL", "TGT_IPC_SOCKET",
                "PWD", "SHLVL", "_").contains(v)); // the last three the shell sets itself
    }

    @Test
    void theTgtadmFallbackPassesOnlyItsSocketVariable() throws Exception {
        Path exe = envDumper("");
        TgtadmCliTransport t = new TgtadmCliTransport(exe, 0, Map.of("TGT_IPC_SOCKET", "/x/socket"), dir.resolve("s"));
        try {
            t.exchange(new TgtadmRequest(TgtadmRequest.Mode.SYSTEM, TgtadmRequest.Op.SHOW),
                    java.time.Duration.ofSeconds(10), "show system");
        } catch (TgtException ignored) {
            // the stand-in prints nothing tgtadm would; only its environment matters here
        }

        assertThat(Files.readAllLines(dir.resolve("env"))).contains("TGT_IPC_SOCKET=/x/socket")
                .noneMatch(l -> l.startsWith("HOME=") || l.startsWith("USER="));
    }
}
