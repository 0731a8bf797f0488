package io.tgtha.agent.portblock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The "I am started" mark of one instance, where the packet filter cannot tell: the block and
 * unblock instances of a port share one rule, so its presence says nothing about which of them is
 * active. Kept under /run (tmpfs), so a reboot forgets it together with the rules.
 */
public final class PseudoState {
    private final Path file;

    public PseudoState(Path runDir, String instance) {
        this.file = runDir.resolve("portblock").resolve(safeName(instance) + ".active");
    }

    /** Instance names may carry clone suffixes (":0") and, from garbled input, anything else. */
    static String safeName(String instance) {
        String s = instance.replaceAll("[^A-Za-z0-9._:-]", "_");
        if (s.isEmpty() || s.startsWith(".")) {
            s = "_" + s;
        }
        return s.length() > 200 ? s.substring(0, 200) : s;
    }

    public Path file() {
        return file;
    }

    public boolean isActive() {
        return Files.exists(file);
    }

    public void markActive() throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, ProcessHandle.current().pid() + "\n", StandardCharsets.UTF_8);
    }

    public void clear() throws IOException {
        Files.deleteIfExists(file);
    }
}
