package io.tgtha.tgt;

import java.util.Map;
import java.util.Set;

/**
 * What a child process ({@code tgtd -V}, the tgtadm fallback) inherits: only what it needs. A cold agent
 * JVM has every parameter in its environment as Pacemaker passes it ({@code OCF_RESKEY_password} among
 * them), and each child's {@code /proc/PID/environ} would be one more copy of the secret.
 */
final class ChildEnvironment {
    private static final Set<String> KEPT = Set.of("PATH", "LANG", "LC_ALL", "TGT_IPC_SOCKET");

    private ChildEnvironment() {
    }

    /** Removes every inherited variable but {@link #KEPT} from {@code env} (a ProcessBuilder's). */
    static void keepOnlyWhatChildrenNeed(Map<String, String> env) {
        env.keySet().retainAll(KEPT);
    }
}
