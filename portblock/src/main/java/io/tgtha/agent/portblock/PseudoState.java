// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.portblock;

import io.tgtha.ocf.state.StateFile;
import io.tgtha.process.AsciiSet;

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
    /** The stock portblock's mark of the same instance ({@code $HA_RSCTMP/NAME}), or null when none can exist. */
    private final Path stockFile;

    public PseudoState(Path runDir, String instance) {
        this(runDir, instance, null);
    }

    /**
     * @param stockDir where ocf:heartbeat:portblock keeps its marks ({@code HA_RSCTMP}, /run/resource-agents), for
     *                 {@link #adoptStock()}; null for none
     */
    public PseudoState(Path runDir, String instance, Path stockDir) {
        this.file = runDir.resolve("portblock").resolve(safeName(instance) + ".active");
        // the stock agent uses the raw name; one that would leave the directory is nobody's mark
        boolean plain = !instance.isEmpty() && !instance.contains("/") && !instance.equals(".")
                && !instance.equals("..") && instance.indexOf('\0') < 0;
        this.stockFile = stockDir != null && plain ? stockDir.resolve(instance) : null;
    }

    /**
     * Migration from the stock agent ({@code tgtha migrate}): the same resource, redefined as ocf:tgtha:portblock
     * under maintenance mode, finds the stock agent's "started" mark at its first probe and takes it over, so the
     * instance stays started and nothing in its group restarts. The stock mark stays for a rollback to the stock
     * agent; this agent's next start or stop removes it, so a mark left from before can never be adopted later.
     *
     * @return true when this instance is (now) marked active
     */
    public boolean adoptStock() throws IOException {
        if (isActive()) {
            return true;
        }
        if (stockFile == null || !Files.isRegularFile(stockFile)) {
            return false;
        }
        markOwn();
        return true;
    }

    public Path stockFile() {
        return stockFile;
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
        markOwn();
        dropStock();
    }

    public void clear() throws IOException {
        Files.deleteIfExists(file);
        dropStock();
    }

    private void markOwn() throws IOException {
        StateFile.write(file, ProcessHandle.current().pid() + "\n");
    }

    private void dropStock() throws IOException {
        if (stockFile != null) {
            Files.deleteIfExists(stockFile);
        }
    }
}
