// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;

/** A process started in the background with its output in a temporary log file; {@link #close()} SIGKILLs its tree. */
public abstract class LoggedProcess implements AutoCloseable {
    private final Process process;
    private final File log;
    private final Charset charset;

    LoggedProcess(Process process, File log, Charset charset) {
        this.process = process;
        this.log = log;
        this.charset = charset;
    }

    /** A new temporary log file named {@code prefix...log}, deleted at the latest when the JVM exits. */
    static File newLog(String prefix) {
        try {
            File log = File.createTempFile(prefix, ".log");
            log.deleteOnExit();
            return log;
        } catch (IOException e) {
            throw new LabException("cannot create a log file " + prefix + "*.log", e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** What the process wrote so far ("" when the log cannot be read). */
    public String output() {
        try {
            return Files.readString(log.toPath(), charset);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        Exec.killTree(process.toHandle());
        log.delete();
    }
}
