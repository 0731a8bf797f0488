// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.portblock;

import io.tgtha.ocf.state.StateFile;
import io.tgtha.ocf.text.AsciiSet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The "I am started" mark of one instance, where the packet filter cannot tell: the block and
 * unblock instances of a port share one rule, so its presence says nothing about which of them is
 * active. Kept under /run (tmpfs), so a reboot forgets it together with the rules.
 */
public final class PseudoState {
    private static final AsciiSet SAFE = AsciiSet.of("A-Za-z0-9._:-");

    private final Path file;

    public PseudoState(Path runDir, String instance) {
        this.file = runDir.resolve("portblock").resolve(safeName(instance) + ".active");
    }

    /** Instance names may carry clone suffixes (":0") and, from garbled input, anything else. */
    static String safeName(String instance) {
        String s = keepSafe(instance);
        if (s.isEmpty() || s.startsWith(".")) {
            s = "_" + s;
        }
        return s.length() > 200 ? s.substring(0, 200) : s;
    }

    /**
     * Every character outside {@code A-Za-z0-9._:-} replaced by '_'. A pair of surrogates (one code
     * point) becomes one '_', as {@code replaceAll("[^A-Za-z0-9._:-]", "_")} made it: names on disk
     * must not change between versions, or a started instance would look stopped after an upgrade.
     */
    private static String keepSafe(String instance) {
        StringBuilder b = new StringBuilder(instance.length());
        int i = 0;
        while (i < instance.length()) {
            int cp = instance.codePointAt(i);
            b.append(SAFE.contains(instance.charAt(i)) ? instance.charAt(i) : '_');
            i += Character.charCount(cp);
        }
        return b.toString();
    }

    public Path file() {
        return file;
    }

    public boolean isActive() {
        return Files.exists(file);
    }

    public void markActive() throws IOException {
        StateFile.write(file, ProcessHandle.current().pid() + "\n");
    }

    public void clear() throws IOException {
        Files.deleteIfExists(file);
    }
}
